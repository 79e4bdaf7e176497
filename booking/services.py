import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from booking import tasks
from booking.models import Booking, SessionType
from booking.signals import session_scheduled, sessions_completed
from booking.times.free_times import is_bookable
from core.models import SiteProfile
from core.tasks import enqueue_on_commit

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
) -> Booking:
    """Book a session at `starts_at` and mail both sides.

    A visitor gets only a free time by the rules; the coach may book any time
    that does not overlap another session. For a type that asks it, a visitor's
    booking is held until they confirm it through a link in an e-mail.
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
    )
    booking.place_at(starts_at)
    expire_stale_holds()
    ensure_free(booking, by_coach=by_coach)
    if booking.is_online:
        booking.meeting_url = new_meeting_url()
    if session_type.confirm_by_email and not by_coach:
        booking.status = Booking.Status.HELD
        hold = timedelta(minutes=settings.BOOKING_CONFIRM_HOLD_MINUTES)
        booking.held_until = timezone.now() + hold
        save_or_taken(booking)
        enqueue_on_commit(tasks.send_confirmation_request, booking.pk)
        return booking
    save_or_taken(booking)
    announce(booking)
    return booking


def announce(booking):
    """A booking is fixed: mail both sides, plan the reminder, tell the site."""
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


def expire_stale_holds() -> int:
    """Holds nobody confirmed in time give their time back (also housekeeping)."""
    return Booking.objects.stale_holds().update(status=Booking.Status.EXPIRED)


@transaction.atomic
def reschedule_booking(*, booking: Booking, starts_at, by_coach=False) -> Booking:
    """Move a booking to another free time: the same event, a higher SEQUENCE."""
    lock_for_booking(booking.session_type)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not by_coach and not booking.can_be_changed:
        raise ChangeNotAllowed
    booking.place_at(starts_at)
    ensure_free(booking, by_coach=by_coach)
    booking.sequence += 1
    booking.reminder_sent_at = None
    save_or_taken(booking)
    enqueue_on_commit(tasks.send_change, booking.pk, "moved", by_coach)
    schedule_reminder(booking)
    session_scheduled.send(sender=Booking, booking=booking)
    return booking


@transaction.atomic
def cancel_booking(*, booking: Booking, by_coach=False) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not by_coach and not booking.can_be_changed:
        raise ChangeNotAllowed
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "sequence"])
    enqueue_on_commit(tasks.send_change, booking.pk, "cancelled", by_coach)
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


def purge_old_intake_answers() -> int:
    """Intake answers may describe health or relationships: gone a year after."""
    months = settings.BOOKING_INTAKE_KEPT_MONTHS
    before = timezone.now() - timedelta(days=30 * months)
    return (
        Booking.objects.filter(ends_at__lt=before)
        .exclude(intake_answers={})
        .update(intake_answers={})
    )
