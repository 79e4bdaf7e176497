import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.addresses import address_is_taken
from core.models import ADDRESS_TAKEN
from payments import provider
from payments.models import Invoice, Payment, Refund

ENDS_BEFORE_START = _("The end must come after the start.")


def ends_after_start():
    """Every range here ends after it starts; a form says so in words."""
    return models.CheckConstraint(
        condition=Q(starts_at__lt=F("ends_at")),
        name="%(app_label)s_%(class)s_ends_after_start",
        violation_error_message=ENDS_BEFORE_START,
    )


class SessionTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class SessionType(models.Model):
    class Place(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        EITHER = "either", _("Online or in person")

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60
    )
    price = models.DecimalField(
        _("price (EUR)"), max_digits=7, decimal_places=2, default=0,
        help_text=_("0 for a free session."),
    )  # fmt: skip
    place = models.CharField(
        _("where"),
        max_length=10,
        choices=Place.choices,
        default=Place.ONLINE,
        help_text=_("With both, the client chooses when booking."),
    )
    address = models.TextField(_("address for sessions in person"), blank=True)
    buffer_before_minutes = models.PositiveSmallIntegerField(
        _("free time before (minutes)"), default=0
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        _("free time after (minutes)"), default=15
    )
    minimum_notice_hours = models.PositiveSmallIntegerField(
        _("minimum notice (hours)"),
        default=24,
        help_text=_("How long before the start a session can still be booked."),
    )
    booking_window_days = models.PositiveSmallIntegerField(
        _("booking window (days)"),
        default=60,
        help_text=_("How far ahead clients can book."),
    )
    max_per_day = models.PositiveSmallIntegerField(
        _("at most per day"),
        null=True,
        blank=True,
        help_text=_("Empty means no limit."),
    )
    intake_questions = models.TextField(
        _("intake questions"),
        blank=True,
        help_text=_("One question per line; clients answer each in their own words."),
    )
    for_couples = models.BooleanField(
        _("for couples"),
        default=False,
        help_text=_(
            "The booking form asks for the partner's name and e-mail; the partner "
            "gets their own confirmation and link, and answers the intake "
            "questions for themselves."
        ),
    )
    confirm_by_email = models.BooleanField(
        _("confirm by e-mail first"),
        default=False,
        help_text=_(
            "The time is held until the client confirms through a link in an "
            "e-mail; unconfirmed, it is free again after an hour. Wise for free "
            "sessions, which anyone can book."
        ),
    )
    # The cancellation policy of paid sessions; each booking keeps a copy.
    free_cancellation_hours = models.PositiveSmallIntegerField(
        _("free cancellation until (hours before)"),
        default=48,
        help_text=_("Cancelled earlier, the client gets the whole price back."),
    )
    late_cancellation_percent = models.PositiveSmallIntegerField(
        _("kept on a late cancellation (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Of the price, when the client cancels later than that. A client who "
            "does not show up gets nothing back."
        ),
    )
    max_moves = models.PositiveSmallIntegerField(
        _("moves allowed"),
        default=2,
        help_text=_("How often a client may move a session online."),
    )
    is_active = models.BooleanField(_("can be booked"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SessionTypeQuerySet.as_manager()

    # Every saved version, to compare and restore in the admin.
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("session type")
        verbose_name_plural = _("session types")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("booking:choose_time", kwargs={"slug": self.slug})

    def clean(self):
        if any(
            address_is_taken(view_name, slug=self.slug)
            for view_name in (
                "booking:choose_time",
                "booking:free_times",
                "booking:book",
                "booking:waiting_list",
            )
        ):
            raise ValidationError({"slug": ADDRESS_TAKEN})
        if self.place in (self.Place.IN_PERSON, self.Place.EITHER) and not self.address:
            raise ValidationError(
                {"address": _("Give the address for sessions in person.")}
            )

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer_before(self):
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self):
        return timedelta(minutes=self.buffer_after_minutes)

    @property
    def questions(self):
        return [
            line.strip() for line in self.intake_questions.splitlines() if line.strip()
        ]

    @property
    def is_free_of_charge(self):
        return self.price == 0

    def policy(self) -> dict:
        """The cancellation policy as a booking keeps it."""
        return {
            "price": str(self.price),
            "free_cancellation_hours": self.free_cancellation_hours,
            "late_cancellation_percent": self.late_cancellation_percent,
            "max_moves": self.max_moves,
        }


class OpeningHours(models.Model):
    """A range of hours on a weekday in which sessions can take place."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [ends_after_start()]

    def __str__(self):
        return (
            f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"
        )


class ExtraHours(models.Model):
    """Hours on one date beyond the weekly ones (a Saturday morning, say)."""

    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        ordering = ["date", "starts_at"]
        verbose_name = _("extra hours")
        verbose_name_plural = _("extra hours")
        constraints = [ends_after_start()]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class TimeOff(models.Model):
    """A stretch of time without sessions: a day off, a holiday, an appointment."""

    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        constraints = [ends_after_start()]

    def __str__(self):
        return self.note or f"{self.starts_at:%d-%m-%Y}"


# What a booking's payments say they are for (payments.Payment.purpose).
PAYMENT_PURPOSE = "booking"
# The right of withdrawal from a distance contract (Directive 2011/83/EU).
WITHDRAWAL_PERIOD = timedelta(days=14)


class BookingQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Booking.Status.CONFIRMED)

    def upcoming(self):
        return (
            self.confirmed().filter(starts_at__gte=timezone.now()).order_by("starts_at")
        )

    def in_agenda(self):
        """What the coach's calendar shows: sessions to come, and those of the
        last months (cancelled ones drop out)."""
        since = timezone.now() - timedelta(days=180)
        return self.exclude(status=Booking.Status.CANCELLED).filter(ends_at__gte=since)

    def taking_time(self):
        """Confirmed bookings, and those held (for a confirmation) while held."""
        return self.filter(
            Q(status=Booking.Status.CONFIRMED)
            | Q(status=Booking.Status.HELD, held_until__gt=timezone.now())
        )

    def occupying(self, start, end):
        """Bookings taking time (with their free time around it) that overlaps."""
        return self.taking_time().filter(blocked_from__lt=end, blocked_until__gt=start)

    def stale_holds(self):
        """Held bookings whose time to be confirmed has passed."""
        return self.filter(status=Booking.Status.HELD, held_until__lte=timezone.now())

    def overlapping(self, booking):
        """The others that take time `booking` needs where it is placed: the coach
        may book any time, but never over another session."""
        return self.occupying(booking.blocked_from, booking.blocked_until).exclude(
            pk=booking.pk
        )


class Booking(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Held for the client's confirmation or payment")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("Did not show up")
        EXPIRED = "expired", _("Not confirmed in time")

    class Place(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")

    session_type = models.ForeignKey(
        SessionType,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("session type"),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    # The session with the free time before and after it: no two of these overlap
    # (an exclusion constraint on PostgreSQL, added by migration 0002).
    blocked_from = models.DateTimeField(editable=False)
    blocked_until = models.DateTimeField(editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    # Until when a held booking keeps its time (the exclusion constraint counts
    # held ones too; the booking service expires stale holds before it checks).
    held_until = models.DateTimeField(_("held until"), null=True, blank=True)
    place = models.CharField(
        _("where"), max_length=10, choices=Place.choices, default=Place.ONLINE
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    time_zone = models.CharField(
        _("client's time zone"), max_length=64, default="Europe/Amsterdam"
    )
    language = models.CharField(_("language"), max_length=7, default="nl")
    intake_answers = models.JSONField(_("intake answers"), default=dict, blank=True)
    # A couples session: the partner as a person of their own, with their own
    # link (partner_uid), intake answers and consent; neither sees the other's.
    partner_name = models.CharField(_("partner's name"), max_length=100, blank=True)
    partner_email = models.EmailField(_("partner's e-mail"), blank=True)
    partner_uid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    partner_intake_answers = models.JSONField(
        _("partner's intake answers"), default=dict, blank=True
    )
    partner_consent_at = models.DateTimeField(
        _("partner agreed to the use of their answers at"), null=True, blank=True
    )
    meeting_url = models.URLField(_("video link"), blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    booked_by_coach = models.BooleanField(_("booked by the coach"), default=False)
    # The cancellation policy it was booked under (SessionType.policy).
    policy = models.JSONField(_("cancellation policy"), default=dict, blank=True)
    moves = models.PositiveSmallIntegerField(_("times moved"), default=0)
    # EU consumer law: a session within the 14 days of the right of withdrawal
    # starts early only at the client's express request, stored as made.
    early_start_requested_at = models.DateTimeField(
        _("asked to start within the withdrawal period at"), null=True, blank=True
    )
    early_start_text = models.CharField(
        _("text of that request"), max_length=40, blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # The part of the price settled before booking, with a session card or a
    # gift voucher (the prepaid app keeps which); the rest is paid online.
    paid_in_advance = models.DecimalField(
        _("paid with a session card or voucher (EUR)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal(0),
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"), null=True, blank=True
    )
    review_invited_at = models.DateTimeField(
        _("asked for a review at"), null=True, blank=True
    )

    objects = BookingQuerySet.as_manager()

    # Set by the link that opened it: the partner's (booking.links).
    for_partner = False

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        permissions = [("view_intake", _("Can read intake answers"))]
        constraints = [ends_after_start()]

    def __str__(self):
        when = timezone.localtime(self.starts_at)
        return f"{self.session_type} · {self.name} · {when:%d-%m-%Y %H:%M}"

    def place_at(self, starts_at):
        """Put the booking at `starts_at`, with its end and blocked time."""
        session_type = self.session_type
        self.starts_at = starts_at
        self.ends_at = starts_at + session_type.duration
        self.blocked_from = starts_at - session_type.buffer_before
        self.blocked_until = self.ends_at + session_type.buffer_after

    @property
    def can_be_changed(self):
        """Clients may move or cancel until the notice before the start."""
        notice = timedelta(hours=settings.BOOKING_CHANGE_NOTICE_HOURS)
        return (
            self.status == self.Status.CONFIRMED
            and timezone.now() + notice <= self.starts_at
        )

    @property
    def is_online(self):
        return self.place == self.Place.ONLINE

    @property
    def can_be_moved(self):
        moves = self.policy.get("max_moves")
        return self.can_be_changed and (moves is None or self.moves < moves)

    @property
    def can_be_cancelled(self):
        """A paid session can be cancelled until it starts (at a cost, late);
        others until the notice before."""
        if self.policy and self.is_paid:
            return self.status == self.Status.CONFIRMED and (
                timezone.now() < self.starts_at
            )
        return self.can_be_changed

    @cached_property
    def is_paid(self):
        """Asked once per booking object: the pages and mails ask it often."""
        if self.policy and self.paid_in_advance >= self.price:
            return True
        return self.payments.filter(status=Payment.Status.PAID).exists()

    @property
    def price(self) -> Decimal:
        """The price it was booked at (its type's, if it kept no policy)."""
        if self.policy:
            return Decimal(self.policy["price"])
        return self.session_type.price

    @property
    def amount_due(self) -> Decimal:
        """What is left to pay online after a card or voucher."""
        return max(self.price - self.paid_in_advance, Decimal(0))

    @property
    def awaits_payment(self) -> bool:
        """A session the coach booked, with a price and no payment yet: the client
        may pay it online through the link in the confirmation."""
        return (
            self.booked_by_coach
            and self.status == self.Status.CONFIRMED
            and self.amount_due > 0
            and provider.enabled()
            and not self.is_paid
        )

    @property
    def can_be_withdrawn(self):
        """Within 14 days of booking and before the session took place, a paid
        booking can be withdrawn from, for the whole price (EU law)."""
        now = timezone.now()
        return (
            self.status == self.Status.CONFIRMED
            and now < self.created_at + WITHDRAWAL_PERIOD
            and now < self.starts_at
            and bool(self.policy)
            and self.is_paid
        )

    def refund_on_cancellation(self, *, in_full=False) -> Decimal:
        """What the policy it was booked under gives back when cancelled now;
        `in_full` when the coach cancels or the client withdraws."""
        if not self.policy:
            return Decimal(0)
        price = self.price
        if in_full:
            return price
        free_until = self.starts_at - timedelta(
            hours=self.policy["free_cancellation_hours"]
        )
        if timezone.now() <= free_until:
            return price
        kept = price * self.policy["late_cancellation_percent"] / 100
        return (price - kept).quantize(Decimal("0.01"))

    @property
    def payments(self):
        """Its payments, the latest first."""
        return Payment.objects.for_object(PAYMENT_PURPOSE, self.pk)

    @property
    def refunds(self):
        return Refund.objects.filter(payment__in=self.payments).exclude(
            status__in=Refund.UNDONE
        )

    @property
    def invoices(self):
        """Invoices and credit notes of its payments, in the order issued."""
        return Invoice.objects.filter(payment__in=self.payments).order_by(
            "year", "sequence"
        )


class WaitingQuerySet(models.QuerySet):
    def waiting(self):
        """Entries still waiting: not booked, the day still to come."""
        return self.filter(booked_at=None, day__gt=timezone.localdate())


class WaitingListEntry(models.Model):
    """A client who would like a time on a full day, should one come free."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session_type = models.ForeignKey(
        SessionType,
        on_delete=models.CASCADE,
        related_name="waiting",
        verbose_name=_("session type"),
    )
    day = models.DateField(_("day"))
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=7, default="nl")
    created_at = models.DateTimeField(_("on the list since"), auto_now_add=True)
    notified_at = models.DateTimeField(_("last told of a free time"), null=True)
    booked_at = models.DateTimeField(_("booked at"), null=True, blank=True)

    objects = WaitingQuerySet.as_manager()

    class Meta:
        ordering = ["day", "created_at"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "session_type", "day", name="waiting_once_per_day"
            )
        ]

    def __str__(self):
        return f"{self.session_type} · {self.day:%d-%m-%Y} · {self.name}"


class CalendarQuerySet(models.QuerySet):
    def in_trouble(self):
        """Calendars whose last fetch failed, or that have not been read for an
        hour: their busy times may be out of date."""
        an_hour_ago = timezone.now() - timedelta(hours=1)
        return self.filter(is_active=True).filter(
            ~Q(error="") | Q(fetched_at=None) | Q(fetched_at__lt=an_hour_ago)
        )


class OwnCalendar(models.Model):
    """One of the coach's own calendars (Google, Outlook, Apple), read through
    its private iCalendar address: its busy times are not offered to clients."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(
        _("private iCalendar address"),
        max_length=2000,
        validators=[URLValidator(schemes=["https", "http", "webcal"])],
        help_text=_(
            "Google: Settings → your calendar → “Secret address in iCal format”. "
            "Outlook: Settings → Calendar → Shared calendars → Publish a calendar "
            "(ICS). Apple: share the calendar as a public calendar."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    fetched_at = models.DateTimeField(_("last read at"), null=True, blank=True)
    tried_at = models.DateTimeField(_("last tried at"), null=True, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)

    objects = CalendarQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("own calendar")
        verbose_name_plural = _("own calendars")

    def __str__(self):
        return self.name


class BusyTime(models.Model):
    """A stretch of time one of the coach's own calendars says she is busy:
    only the times are kept, never what the appointment is."""

    calendar = models.ForeignKey(
        OwnCalendar, on_delete=models.CASCADE, related_name="busy_times"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at", "ends_at"])]
        constraints = [ends_after_start()]

    def __str__(self):
        return f"{self.starts_at:%d-%m-%Y %H:%M}"


class CalendarFeed(models.Model):
    """The secret address of the coach's agenda feed; a new one revokes the old."""

    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feed")

    def __str__(self):
        return str(_("Calendar feed"))

    def get_absolute_url(self):
        # One address for every calendar app, whatever language the admin is in.
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("booking:calendar_feed", kwargs={"token": self.token})

    @classmethod
    def renew(cls):
        """Make a new secret address; the old one stops working at once."""
        cls.objects.all().delete()
        return cls.objects.create(token=secrets.token_urlsafe(32))
