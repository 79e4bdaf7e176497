"""Background work for bookings. Every task re-checks the booking when it runs, so
a stale or repeated task does nothing."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from booking import emails, reviews
from booking.models import Booking, Review


def booking_with_type(booking_id):
    return Booking.objects.select_related("session_type").filter(pk=booking_id).first()


@task()
def send_confirmation(booking_id):
    booking = booking_with_type(booking_id)
    if booking and booking.status == Booking.Status.CONFIRMED:
        emails.send_confirmation(booking)


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
def send_review_invitation(booking_id, ends_at=None):
    """After the session (`ends_at`: the end it was planned for; None when the
    coach marked it completed): once, and only if it took place."""
    booking = booking_with_type(booking_id)
    with transaction.atomic():
        if booking and reviews.claim_invitation(booking, ends_at):
            emails.send_review_invitation(booking)


@task()
def notify_coach_of_review(review_id):
    review = Review.objects.select_related("booking").filter(pk=review_id).first()
    if review and review.status == Review.Status.PENDING:
        emails.send_review_waiting(review)
