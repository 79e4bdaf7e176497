import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from booking import calendars, tasks
from booking.models import PAYMENT_PURPOSE, Booking, SessionType, WaitingListEntry
from booking.signals import booking_ended, session_scheduled, sessions_completed
from booking.times.free_times import is_bookable
from booking.times.zones import coach_zone
from core.models import SiteProfile
from core.tasks import enqueue_on_commit
from payments import provider
from payments import services as payments
from payments.models import Payment

CENT = Decimal("0.01")
TAKEN = _("This time was just taken. Please choose another.")
TOO_LATE = _("This session can no longer be changed online.")


class SlotTaken(Exception):
    def __init__(self):
        super().__init__(TAKEN)


class ChangeNotAllowed(Exception):
    def __init__(self):
        super().__init__(TOO_LATE)


def new_meeting_url():
    """A room of its own on the video service: unguessable (128 random bits)."""
    room = (
        f"{slugify(SiteProfile.get_solo().site_name)[:30]}-{secrets.token_urlsafe(16)}"
    )
    return settings.BOOKING_VIDEO_URL.rstrip("/") + "/" + room


def lock_for_booking(session_type):
    """Serialise bookings of one type, so the re-check and the save cannot
    interleave (on SQLite the IMMEDIATE transaction already does)."""
    return SessionType.objects.select_for_update().get(pk=session_type.pk)


def ensure_free(booking, *, by_coach):
    """SlotTaken unless `booking` may have the time it is placed at: a visitor
    only a free time by the rules, the coach any time no other session takes."""
    if by_coach:
        taken = Booking.objects.overlapping(booking).exists()
    else:
        session_type = booking.session_type
        taken = not session_type.is_active or not is_bookable(
            session_type, booking.starts_at, ignore=booking if booking.pk else None
        )
    if taken:
        raise SlotTaken


def save_or_taken(booking):
    booking.full_clean(exclude=["blocked_from", "blocked_until"])
    try:
        # The exclusion constraint (PostgreSQL) has the last word when two visitors
        # race for one time across session types; the check before makes it rare.
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise SlotTaken from None


@transaction.atomic
def book_session(
    *,
    session_type: SessionType,
    starts_at,
    name: str,
    email: str,
    phone: str = "",
    place: str = Booking.Place.ONLINE,
    intake_answers: dict | None = None,
    time_zone: str = settings.TIME_ZONE,
    language: str = settings.LANGUAGE_CODE,
    by_coach: bool = False,
    early_start_text: str = "",
    paid_in_advance: Decimal = Decimal(0),
    partner_name: str = "",
    partner_email: str = "",
) -> Booking:
    """Book a session at `starts_at` and mail both sides.

    A visitor gets only a free time by the rules; the coach may book any time
    that does not overlap another session. For a type that asks it, a visitor's
    booking is held until they confirm it through a link in an e-mail; a priced
    one until the part not `paid_in_advance` (by card or voucher) is paid.
    """
    booking = Booking(
        session_type=lock_for_booking(session_type),
        name=name,
        email=email,
        phone=phone,
        place=place,
        intake_answers=intake_answers or {},
        time_zone=time_zone,
        language=language,
        booked_by_coach=by_coach,
        paid_in_advance=paid_in_advance,
        partner_name=partner_name,
        partner_email=partner_email,
        partner_uid=uuid.uuid4() if partner_email else None,
    )
    booking.place_at(starts_at)
    expire_stale_holds()
    if (own := own_hold(booking)) is not None:
        return own  # booked again after leaving the checkout: the same payment
    ensure_free(booking, by_coach=by_coach)
    if booking.is_online:
        booking.meeting_url = new_meeting_url()
    if needs_payment(session_type) or paid_in_advance:
        booking.policy = session_type.policy()  # the coach's bookings may be paid
    if booking.amount_due and needs_payment(session_type, by_coach=by_coach):
        if early_start_text:
            booking.early_start_requested_at = timezone.now()
            booking.early_start_text = early_start_text
        hold(booking, minutes=settings.BOOKING_PAYMENT_HOLD_MINUTES)
        save_or_taken(booking)
        new_payment_for(booking)
        return booking
    if session_type.confirm_by_email and not (by_coach or paid_in_advance):
        hold(booking, minutes=settings.BOOKING_CONFIRM_HOLD_MINUTES)
        save_or_taken(booking)
        enqueue_on_commit(tasks.send_confirmation_request, booking.pk)
        return booking
    save_or_taken(booking)
    announce(booking)
    return booking


def own_hold(booking):
    """The same client's booking of this time, held while they pay."""
    if (
        booking.booked_by_coach
        or booking.paid_in_advance  # a card or voucher is never used twice
        or not needs_payment(booking.session_type)
    ):
        return None
    return Booking.objects.filter(
        status=Booking.Status.HELD,
        session_type=booking.session_type,
        starts_at=booking.starts_at,
        email__iexact=booking.email,
    ).first()


def hold(booking, *, minutes):
    """Keep the time for the booking while the client confirms or pays."""
    booking.status = Booking.Status.HELD
    booking.held_until = timezone.now() + timedelta(minutes=minutes)


def series_conflicts(*, session_type, starts) -> dict:
    """{start: the session in the way, or None}: what booking a series would meet."""
    conflicts = {}
    for start in starts:
        probe = Booking(session_type=session_type)
        probe.place_at(start)
        conflicts[start] = Booking.objects.overlapping(probe).first()
    return conflicts


@transaction.atomic
def book_series(*, session_type, starts, name, email, phone="", place=None) -> list:
    """Book every start for one client, or none: each is checked inside this one
    transaction, and a time taken meanwhile (SlotTaken) undoes them all."""
    return [
        book_session(
            session_type=session_type,
            starts_at=start,
            name=name,
            email=email,
            phone=phone,
            place=place or Booking.Place.ONLINE,
            by_coach=True,
        )
        for start in starts
    ]


def announce(booking):
    """A booking is fixed: mail both sides, plan the reminder, tell the site."""
    WaitingListEntry.objects.waiting().filter(
        email__iexact=booking.email, day=coach_day(booking)
    ).update(booked_at=timezone.now())
    enqueue_on_commit(tasks.send_confirmation, booking.pk)
    schedule_reminder(booking)
    session_scheduled.send(sender=Booking, booking=booking)


@transaction.atomic
def confirm_held_booking(*, booking: Booking) -> Booking:
    """The client confirmed a held booking through the link in their e-mail. Late
    (after the hold) it still counts while the time is free; else SlotTaken."""
    lock_for_booking(booking.session_type)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CONFIRMED:
        return booking  # confirmed a moment ago, in another tab
    if booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
        raise ChangeNotAllowed
    expire_stale_holds()
    ensure_free(booking, by_coach=False)
    booking.status = Booking.Status.CONFIRMED
    booking.held_until = None
    save_or_taken(booking)
    announce(booking)
    return booking


def needs_payment(session_type, *, by_coach=False) -> bool:
    """A visitor pays a priced session online when the site takes payments."""
    return not by_coach and not session_type.is_free_of_charge and provider.enabled()


def new_payment_for(booking) -> Payment:
    when = timezone.localtime(booking.starts_at, coach_zone())
    with translation.override(booking.language):
        moment = formats.date_format(when, "DATETIME_FORMAT")
        description = f"{booking.session_type.name}, {moment}"
    return payments.new_payment(
        purpose=PAYMENT_PURPOSE,
        reference=booking.pk,
        amount=booking.amount_due,
        description=description,
        name=booking.name,
        email=booking.email,
        language=booking.language,
    )


class AlreadyPaid(Exception):
    """The booking is paid and confirmed: nothing left to pay."""


def checkout_url(*, booking, redirect_url) -> str:
    """Where the client pays for `booking`: the checkout of its open payment, or
    of a new one when the last failed and the time can be held again; never a
    second payment while the first may still be paid. AlreadyPaid, SlotTaken,
    ChangeNotAllowed, or ProviderUnavailable when Mollie cannot be reached."""
    payment = booking.payments.first()
    if payment is not None and not payment.is_settled:
        payment = payments.check(payment)  # it may have been paid meanwhile
    booking.refresh_from_db()
    if booking.status == Booking.Status.CONFIRMED:
        if not booking.awaits_payment:
            raise AlreadyPaid
        if payment is None or payment.is_settled:  # a session the coach booked
            payment = new_payment_for(booking)
    elif payment is None or payment.status in Payment.FAILURES or payment.is_paid:
        payment = hold_again(booking=booking)
    return payments.send_to_provider(payment, redirect_url=redirect_url)


@transaction.atomic
def hold_again(*, booking) -> Payment:
    """A new payment for a booking whose last one failed, with its time held
    afresh if it is still free."""
    lock_for_booking(booking.session_type)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in (Booking.Status.HELD, Booking.Status.EXPIRED):
        raise ChangeNotAllowed
    expire_stale_holds()
    ensure_free(booking, by_coach=False)
    hold(booking, minutes=settings.BOOKING_PAYMENT_HOLD_MINUTES)
    save_or_taken(booking)
    return new_payment_for(booking)


def settle_paid_booking(*, payment):
    """The money for a booking is in (inside the payment's transaction). The
    booking is confirmed, also when the payment came after its hold while the
    time is still free; else the money goes back at once and both sides hear."""
    booking = Booking.objects.filter(pk=payment.reference).first()
    if booking is None:
        return  # a booking is never deleted while it has payments (privacy_erase)
    paid_before = booking.payments.filter(status=Payment.Status.PAID).exclude(
        pk=payment.pk
    )
    if booking.status == Booking.Status.CONFIRMED and not paid_before.exists():
        return
    try:
        if paid_before.exists():
            raise ChangeNotAllowed  # paid twice: the second goes back
        confirm_held_booking(booking=booking)
    except (SlotTaken, ChangeNotAllowed):
        lapse(booking)
        refunded = payments.refund(
            payment=payment,
            amount=payment.amount,
            reason=str(_("Paid after the time was no longer free")),
        )
        if refunded is not None:
            enqueue_on_commit(tasks.send_late_payment_refunded, booking.pk, refunded.pk)


def release_unpaid_booking(*, payment):
    """A payment failed: its booking's time is free again, unless another
    payment for it may still come in."""
    unsettled = Payment.objects.for_object(PAYMENT_PURPOSE, payment.reference).filter(
        status__in=[*Payment.UNSETTLED, Payment.Status.PAID]
    )
    booking = Booking.objects.filter(pk=payment.reference).first()
    if booking is not None and not unsettled.exists():
        lapse(booking)


def lapse(booking):
    """A held booking that will not be: its time is free again, and what was
    paid in advance for it goes back to its card or voucher (once: trying again
    later means paying it all)."""
    Booking.objects.filter(pk=booking.pk, status=Booking.Status.HELD).update(
        status=Booking.Status.EXPIRED, held_until=None
    )
    lapsed = Booking.objects.filter(
        pk=booking.pk, status=Booking.Status.EXPIRED, paid_in_advance__gt=0
    )
    if lapsed.update(paid_in_advance=0):
        booking_ended.send(sender=Booking, booking=booking, share=Decimal(1))


def expire_stale_holds() -> int:
    """Holds nobody confirmed in time give their time back (also housekeeping)."""
    return Booking.objects.stale_holds().update(status=Booking.Status.EXPIRED)


@transaction.atomic
def reschedule_booking(*, booking: Booking, starts_at, by_coach=False) -> Booking:
    """Move a booking to another free time: the same event, a higher SEQUENCE."""
    lock_for_booking(booking.session_type)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not by_coach and not booking.can_be_moved:
        raise ChangeNotAllowed
    booking.place_at(starts_at)
    ensure_free(booking, by_coach=by_coach)
    booking.moves += 0 if by_coach else 1
    booking.sequence += 1
    booking.reminder_sent_at = None
    save_or_taken(booking)
    enqueue_on_commit(tasks.send_change, booking.pk, "moved", by_coach)
    schedule_reminder(booking)
    session_scheduled.send(sender=Booking, booking=booking)
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, by_coach=False) -> Booking:
    """Cancel, giving back what the booking's policy says (the coach: all)."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not by_coach and not booking.can_be_cancelled:
        raise ChangeNotAllowed
    give_back = booking.refund_on_cancellation(in_full=by_coach)
    return end_booking(booking, give_back, change="cancelled", by_coach=by_coach)


@transaction.atomic
def withdraw_booking(*, booking: Booking) -> Booking:
    """The client withdraws from the contract within 14 days (EU law): the
    booking is cancelled and the whole price returned."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.can_be_withdrawn:
        raise ChangeNotAllowed
    booking.withdrawn_at = timezone.now()
    give_back = booking.refund_on_cancellation(in_full=True)
    return end_booking(booking, give_back, change="withdrawn", by_coach=False)


def end_booking(booking, give_back, *, change, by_coach):
    """Cancel `booking`, giving back `give_back` of its price: that share of
    what was paid online, and of what was paid in advance (booking_ended)."""
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "sequence", "withdrawn_at"])
    share = give_back / booking.price if booking.price else Decimal(0)
    paid = booking.payments.filter(status=Payment.Status.PAID).first()
    if paid is not None and share > 0:
        reason = _("Withdrawal") if change == "withdrawn" else _("Cancellation")
        payments.refund(
            payment=paid,
            amount=(paid.amount * share).quantize(CENT),
            reason=f"{reason}: {paid.description}",
        )
    if booking.paid_in_advance:
        booking_ended.send(sender=Booking, booking=booking, share=share)
    enqueue_on_commit(tasks.send_change, booking.pk, change, by_coach)
    enqueue_on_commit(tasks.tell_waiting, coach_day(booking).isoformat())
    return booking


@transaction.atomic
def set_outcome(*, bookings, status: str) -> int:
    """After the session: completed (the client is asked for a review), or the
    client did not show up. Sessions to come and cancelled ones keep theirs."""
    took_place = bookings.filter(starts_at__lte=timezone.now()).exclude(
        status=Booking.Status.CANCELLED
    )
    ids = list(took_place.values_list("pk", flat=True))
    Booking.objects.filter(pk__in=ids).update(status=status)
    if status == Booking.Status.COMPLETED:
        sessions_completed.send(sender=Booking, booking_ids=ids)
    return len(ids)


def schedule_reminder(booking):
    """A reminder some hours before the start; it checks the booking when it runs."""
    remind_at = booking.starts_at - timedelta(hours=settings.BOOKING_REMINDER_HOURS)
    if remind_at <= timezone.now():
        return  # booked shortly before: the confirmation is reminder enough
    enqueue_on_commit(
        tasks.send_reminder,
        booking.pk,
        booking.starts_at.isoformat(),
        run_after=remind_at,
    )


def coach_day(booking):
    return timezone.localdate(booking.starts_at, coach_zone())


class WaitingListFull(Exception):
    def __init__(self):
        super().__init__(
            _("You are already waiting for several days. Please choose a free time.")
        )


def join_waiting_list(*, session_type, day, name, email, language):
    """Put a client on the waiting list of a full day (once per day and type)."""
    entries = WaitingListEntry.objects.waiting().filter(email__iexact=email)
    entry = entries.filter(session_type=session_type, day=day).first()
    if entry is not None:
        return entry
    if entries.count() >= settings.BOOKING_WAITING_PER_ADDRESS:
        raise WaitingListFull
    try:
        with transaction.atomic():
            return WaitingListEntry.objects.create(
                session_type=session_type, day=day, name=name, email=email,
                language=language,
            )  # fmt: skip
    except IntegrityError:  # the same form sent twice at once
        return entries.get(session_type=session_type, day=day)


def read_own_calendars() -> int:
    """Housekeeping: the coach's own calendars due to be read, read by the worker."""
    due = calendars.due()
    for pk in due:
        tasks.read_calendar.enqueue(pk)
    return len(due)


def forget_past_waiting() -> int:
    """Housekeeping: a waiting list ends with its day."""
    deleted, _ = WaitingListEntry.objects.filter(day__lt=timezone.localdate()).delete()
    return deleted


def purge_old_intake_answers() -> int:
    """Intake answers may describe health or relationships: gone a year after."""
    months = settings.BOOKING_INTAKE_KEPT_MONTHS
    before = timezone.now() - timedelta(days=30 * months)
    return (
        Booking.objects.filter(ends_at__lt=before)
        .exclude(intake_answers={}, partner_intake_answers={})
        .update(intake_answers={}, partner_intake_answers={})
    )


def save_partner_intake(*, booking, answers) -> None:
    """The partner answered the intake questions themselves, agreeing to their
    use; the client who booked never sees them."""
    Booking.objects.filter(pk=booking.pk).update(
        partner_intake_answers=answers, partner_consent_at=timezone.now()
    )
