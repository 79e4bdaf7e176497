"""Background work for bookings. Every task re-checks the booking when it runs, so
a stale or repeated task does nothing."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from booking import calendars, emails
from booking.models import Booking, OwnCalendar, WaitingListEntry
from booking.times.free_times import shown_free_times
from payments.models import Refund


def booking_with_type(booking_id):
    return Booking.objects.select_related("session_type").filter(pk=booking_id).first()


@task()
def send_confirmation(booking_id):
    booking = booking_with_type(booking_id)
    if booking and booking.status == Booking.Status.CONFIRMED:
        emails.send_confirmation(booking)


@task()
def send_confirmation_request(booking_id):
    booking = booking_with_type(booking_id)
    if booking and booking.status == Booking.Status.HELD:
        emails.send_confirmation_request(booking)


@task()
def send_change(booking_id, change, by_coach=False):
    if booking := booking_with_type(booking_id):
        emails.send_change(booking, change, by_coach=by_coach)


@task()
def send_reminder(booking_id, starts_at):
    """Only for a booking still confirmed at the time it had when this was planned,
    and only once."""
    booking = booking_with_type(booking_id)
    if (
        booking is None
        or booking.status != Booking.Status.CONFIRMED
        or booking.starts_at.isoformat() != starts_at
    ):
        return
    with transaction.atomic():
        unsent = Booking.objects.filter(pk=booking.pk, reminder_sent_at=None)
        if unsent.update(reminder_sent_at=timezone.now()):
            emails.send_reminder(booking)


@task()
def send_late_payment_refunded(booking_id, refund_id):
    if booking := booking_with_type(booking_id):
        refund = Refund.objects.filter(pk=refund_id).first()
        if refund is not None:
            emails.send_late_payment_refunded(booking, refund)


@task()
def tell_waiting(day):
    """A booking on `day` was cancelled: everyone waiting for a time that day
    that is now free hears of it; whoever books first has it."""
    day = date.fromisoformat(day)
    entries = WaitingListEntry.objects.waiting().filter(day=day)
    for entry in entries.select_related("session_type"):
        if shown_free_times(entry.session_type, first_day=day, days=1):
            emails.send_time_free(entry)
            entry.notified_at = timezone.now()
            entry.save(update_fields=["notified_at"])


@task()
def read_calendar(calendar_id):
    """Read one of the coach's own calendars (when saved, and every few minutes)."""
    calendar = OwnCalendar.objects.filter(pk=calendar_id, is_active=True).first()
    if calendar is not None:
        calendars.read(calendar)
