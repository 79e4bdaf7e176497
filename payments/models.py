"""Money received through the payment provider (Mollie), and given back.

A payment is for one thing elsewhere on the site, named by `purpose` and
`reference` (a booking: "booking" and its id); payments knows nothing of what
it is for, and tells the rest of the site through its signals.
"""

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _


class PaymentQuerySet(models.QuerySet):
    def for_object(self, purpose, reference):
        return self.filter(purpose=purpose, reference=reference)

    def unsettled(self):
        """Payments whose outcome the provider has not told us yet."""
        return self.filter(status__in=Payment.UNSETTLED)

    def received_since(self, moment) -> tuple[Decimal, Decimal]:
        """(paid, refunded) since `moment`: what the dashboard shows."""
        paid = self.filter(status=Payment.Status.PAID, paid_at__gte=moment)
        refunds = Refund.objects.filter(created_at__gte=moment).exclude(
            status__in=Refund.UNDONE
        )
        zero = Decimal(0)
        return (
            paid.aggregate(total=Sum("amount"))["total"] or zero,
            refunds.aggregate(total=Sum("amount"))["total"] or zero,
        )


class Payment(models.Model):
    class Status(models.TextChoices):
        CREATED = "created", _("Being started")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Pending")
        AUTHORIZED = "authorized", _("Authorised")
        PAID = "paid", _("Paid")
        CANCELED = "canceled", _("Cancelled")
        EXPIRED = "expired", _("Expired")
        FAILED = "failed", _("Failed")

    UNSETTLED = (Status.CREATED, Status.OPEN, Status.PENDING, Status.AUTHORIZED)
    FAILURES = (Status.CANCELED, Status.EXPIRED, Status.FAILED)

    purpose = models.CharField(_("for"), max_length=30)
    reference = models.PositiveBigIntegerField(_("reference"))
    amount = models.DecimalField(_("amount (EUR)"), max_digits=9, decimal_places=2)
    description = models.CharField(_("description"), max_length=255)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=7, default="nl")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CREATED
    )
    # Sent with the create call: a repeated call (after a time-out) returns the
    # payment the first one made instead of making a second.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mollie_id = models.CharField(
        _("Mollie id"), max_length=40, unique=True, null=True, blank=True
    )
    checkout_url = models.URLField(_("checkout"), max_length=500, blank=True)
    method = models.CharField(_("method"), max_length=30, blank=True)
    amount_refunded = models.DecimalField(
        _("refunded (EUR)"), max_digits=9, decimal_places=2, default=Decimal(0)
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    checked_at = models.DateTimeField(_("last checked at"), null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        permissions = [("refund_payment", _("Can refund payments"))]
        indexes = [models.Index(fields=["purpose", "reference"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="payment_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__lte=models.F("amount")),
                name="payment_refunds_within_amount",
            ),
        ]

    def __str__(self):
        return f"{self.description} · € {self.amount}"

    @property
    def is_paid(self):
        return self.status == self.Status.PAID

    @property
    def is_settled(self):
        return self.status not in self.UNSETTLED

    @property
    def refundable(self) -> Decimal:
        """What may still be refunded: paid, less what refunds already take."""
        if not self.is_paid:
            return Decimal(0)
        given = self.refunds.exclude(status__in=Refund.UNDONE).aggregate(
            total=Sum("amount")
        )["total"]
        return self.amount - (given or Decimal(0))


class Refund(models.Model):
    class Status(models.TextChoices):
        TO_SEND = "to_send", _("To be sent")
        QUEUED = "queued", _("Queued")
        PENDING = "pending", _("Pending")
        PROCESSING = "processing", _("Processing")
        REFUNDED = "refunded", _("Refunded")
        FAILED = "failed", _("Failed")
        CANCELED = "canceled", _("Cancelled")

    UNDONE = (Status.FAILED, Status.CANCELED)

    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("payment"),
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=9, decimal_places=2)
    reason = models.CharField(_("reason"), max_length=255)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.TO_SEND
    )
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mollie_id = models.CharField(
        _("Mollie id"), max_length=40, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="refund_amount_positive"
            )
        ]

    def __str__(self):
        return f"€ {self.amount} · {self.reason}"


class InvoiceSequence(models.Model):
    """The last invoice number of a year, taken under a row lock inside the
    transaction that issues the invoice: a rolled-back invoice takes its number
    back with it, so the numbers have no gaps (as the Belastingdienst asks)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Invoice(models.Model):
    """An invoice for a payment, or a credit note for a refund: a copy of every
    detail as it was on the day, kept seven years (also after a privacy erase)."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    kind = models.CharField(
        _("kind"), max_length=11, choices=Kind.choices, default=Kind.INVOICE
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("payment"),
    )
    refund = models.OneToOneField(
        Refund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_note",
        verbose_name=_("refund"),
    )
    issued_on = models.DateField(_("date"))
    seller = models.JSONField(_("seller"))
    buyer_name = models.CharField(_("client"), max_length=100)
    buyer_email = models.EmailField(_("client's e-mail"), blank=True)
    description = models.CharField(_("description"), max_length=255)
    amount_excluding_vat = models.DecimalField(
        _("amount excluding VAT"), max_digits=9, decimal_places=2
    )
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=4, decimal_places=1)
    vat_amount = models.DecimalField(_("VAT"), max_digits=9, decimal_places=2)
    total = models.DecimalField(_("total"), max_digits=9, decimal_places=2)
    vat_note = models.CharField(_("VAT note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="invoice_number_once"
            ),
            models.CheckConstraint(
                condition=Q(
                    total=models.F("amount_excluding_vat") + models.F("vat_amount")
                ),
                name="invoice_total_adds_up",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def file_name(self):
        return f"{self.get_kind_display().lower().replace(' ', '-')}-{self.number}.pdf"
