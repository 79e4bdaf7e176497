"""Background work for bookings. Every task re-checks the booking when it runs, so
a stale or repeated task does nothing."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from booking import emails
from booking.models import Booking
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
