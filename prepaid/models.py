"""Sessions paid in advance: session cards ("strippenkaarten") and gift vouchers.

Each holds a balance (credits on a card, euros on a voucher) and a ledger of
every change to it. The balance is a column the database keeps at zero or more,
changed in the same transaction as the ledger line that explains it, so two
bookings racing for the last credit cannot both have it.
"""

import secrets
import uuid
from datetime import date
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booking.models import WITHDRAWAL_PERIOD, Booking, SessionType
from payments.models import Payment

# What the payments of cards and vouchers say they are for (Payment.purpose).
CARD_PURPOSE = "session_card"
VOUCHER_PURPOSE = "gift_voucher"

# Codes are read off paper and typed: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12  # 31**12: about 59 bits, beyond guessing behind a rate limit


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(text) -> str:
    """A code as typed ("abcd-efgh jkmn"), as it is stored."""
    return "".join(c for c in str(text).upper() if c.isalnum())[:CODE_LENGTH]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last of the month where it has none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


class PackageQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Package(models.Model):
    """A session card the coach offers: so many sessions, at a price, for a time."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sessions = models.PositiveSmallIntegerField(
        _("number of sessions"), validators=[MinValueValidator(1)]
    )
    price = models.DecimalField(
        _("price (EUR)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), default=12, validators=[MinValueValidator(1)]
    )
    session_types = models.ManyToManyField(
        SessionType,
        related_name="packages",
        verbose_name=_("for these session types"),
    )
    is_active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PackageQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("session card")
        verbose_name_plural = _("session cards")

    def __str__(self):
        return self.name

    @property
    def price_per_session(self):
        return (self.price / self.sessions).quantize(Decimal("0.01"))


class Prepaid(models.Model):
    """What a card and a voucher share: bought through a payment of their own
    `PURPOSE`, valid until a date, withdrawn from perhaps."""

    class Status(models.TextChoices):
        NEW = "new", _("Awaiting payment")
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    PURPOSE = ""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=7, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("bought at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def payments(self):
        return Payment.objects.for_object(self.PURPOSE, self.pk)

    @property
    def is_usable(self):
        return (
            self.status == self.Status.ACTIVE
            and self.balance > 0
            and self.valid_until is not None
            and timezone.localdate() <= self.valid_until
        )

    @property
    def within_withdrawal_period(self):
        return self.status == self.Status.ACTIVE and (
            timezone.now() < self.paid_at + WITHDRAWAL_PERIOD
        )


class CardQuerySet(models.QuerySet):
    def of(self, email):
        return self.filter(email__iexact=email).exclude(status=SessionCard.Status.NEW)


class SessionCard(Prepaid):
    """A client's card: bought once, then a credit per session booked with it."""

    PURPOSE = CARD_PURPOSE

    package = models.ForeignKey(
        Package,
        on_delete=models.PROTECT,
        related_name="cards",
        verbose_name=_("session card"),
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    # Copies of the package's terms on the day it was bought.
    sessions = models.PositiveSmallIntegerField(_("sessions bought"))
    price = models.DecimalField(_("price (EUR)"), max_digits=7, decimal_places=2)
    # The sum of its ledger; a positive field, so the database refuses below zero.
    balance = models.PositiveSmallIntegerField(_("credits left"), default=0)
    # EU law: sessions within the 14 days of withdrawal only at the express
    # request of the client, who then pays for those that took place.
    early_start_requested_at = models.DateTimeField(
        _("asked to start within the withdrawal period at"), null=True, blank=True
    )

    objects = CardQuerySet.as_manager()

    class Meta(Prepaid.Meta):
        verbose_name = _("bought session card")
        verbose_name_plural = _("bought session cards")

    def __str__(self):
        return f"{self.package} · {self.name}"

    @property
    def buyer_name(self):
        return self.name

    @property
    def buyer_email(self):
        return self.email

    def usable_for(self, session_type) -> bool:
        return (
            self.is_usable
            and self.package.session_types.filter(pk=session_type.pk).exists()
        )

    @property
    def can_be_withdrawn(self):
        """Within 14 days of buying it, a card can be withdrawn from (EU law)."""
        return self.within_withdrawal_period

    def bookings_to_come(self):
        """Sessions booked with it that have not started."""
        return Booking.objects.filter(
            pk__in=self.entries.filter(kind=CreditEntry.Kind.USED).values("booking"),
            status=Booking.Status.CONFIRMED,
            starts_at__gt=timezone.now(),
        )

    def covers(self, price) -> Decimal:
        """What the card pays of a session at `price`: all of it, for a credit."""
        return price

    def withdrawal_refund(self) -> Decimal:
        """What withdrawing gives back: the price of the credits left and of the
        sessions to come (cancelled with it), pro rata."""
        unused = self.balance + self.bookings_to_come().count()
        return (self.price * unused / self.sessions).quantize(Decimal("0.01"))


class Entry(models.Model):
    """A line in a ledger: what changed the balance, when, for which booking."""

    class Kind(models.TextChoices):
        BOUGHT = "bought", _("Bought")
        USED = "used", _("Used for a session")
        RETURNED = "returned", _("Returned on a cancellation")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")

    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices)
    booking = models.ForeignKey(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @staticmethod
    def once_per_booking(name):
        """A booking uses a card or voucher once, and has it back once at most."""
        return models.UniqueConstraint(
            fields=["booking", "kind"],
            condition=Q(booking__isnull=False),
            name=name,
        )


class CreditEntry(Entry):
    card = models.ForeignKey(
        SessionCard, on_delete=models.CASCADE, related_name="entries"
    )
    change = models.SmallIntegerField(_("credits"))

    class Meta(Entry.Meta):
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [Entry.once_per_booking("credit_once_per_booking")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.change:+d}"


class VoucherQuerySet(models.QuerySet):
    def bought_by(self, email):
        return self.filter(buyer_email__iexact=email).exclude(
            status=GiftVoucher.Status.NEW
        )

    def due_to_recipients(self):
        """Paid vouchers whose day to reach their recipient has come."""
        return self.filter(
            status=GiftVoucher.Status.ACTIVE,
            recipient_sent_at=None,
            send_on__lte=timezone.localdate(),
        ).exclude(recipient_email="")


class GiftVoucher(Prepaid):
    """A voucher for an amount, used up in one or more bookings."""

    PURPOSE = VOUCHER_PURPOSE

    code = models.CharField(_("code"), max_length=CODE_LENGTH, unique=True)
    description = models.CharField(_("what for"), max_length=200)
    amount = models.DecimalField(
        _("value (EUR)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    balance = models.DecimalField(
        _("left (EUR)"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    buyer_name = models.CharField(_("bought by"), max_length=100)
    buyer_email = models.EmailField(_("buyer's e-mail"))
    recipient_name = models.CharField(_("for"), max_length=100, blank=True)
    recipient_email = models.EmailField(_("recipient's e-mail"), blank=True)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    send_on = models.DateField(_("send to the recipient on"), null=True, blank=True)
    recipient_sent_at = models.DateTimeField(
        _("sent to the recipient at"), null=True, blank=True
    )

    objects = VoucherQuerySet.as_manager()

    class Meta(Prepaid.Meta):
        verbose_name = _("gift voucher")
        verbose_name_plural = _("gift vouchers")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0) & Q(balance__lte=F("amount")),
                name="voucher_balance_within_amount",
            )
        ]

    def __str__(self):
        return f"{self.description} · {self.display_code}"

    @property
    def display_code(self):
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def covers(self, price) -> Decimal:
        """What the voucher pays of a session at `price`: as much as is left."""
        return min(self.balance, price)

    @property
    def can_be_withdrawn(self):
        """Unused, within 14 days of buying it, the buyer may withdraw (EU law)."""
        return self.within_withdrawal_period and self.balance == self.amount


class VoucherEntry(Entry):
    voucher = models.ForeignKey(
        GiftVoucher, on_delete=models.CASCADE, related_name="entries"
    )
    change = models.DecimalField(_("amount (EUR)"), max_digits=7, decimal_places=2)

    class Meta(Entry.Meta):
        verbose_name = _("use")
        verbose_name_plural = _("uses")
        constraints = [Entry.once_per_booking("voucher_once_per_booking")]

    def __str__(self):
        return f"{self.get_kind_display()}: € {self.change}"
