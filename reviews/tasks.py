"""Background work for reviews. Every task re-checks the state it acts on, so a
stale or repeated task does nothing."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from booking.models import Booking
from reviews import emails
from reviews.links import INVITABLE
from reviews.models import Review


@task()
def send_review_invitation(booking_id, ends_at=None):
    """After the session (`ends_at`: the end it was planned for; None when the
    coach marked it completed): once, and only if it took place."""
    booking = (
        Booking.objects.select_related("session_type").filter(pk=booking_id).first()
    )
    with transaction.atomic():
        if booking and claim_invitation(booking, ends_at):
            emails.send_invitation(booking)


def claim_invitation(booking, ends_at=None):
    """Whether to send the invitation now: once per booking, after a session that
    took place, at the time the task was planned for; claims it if so."""
    if booking.status not in INVITABLE or booking.ends_at > timezone.now():
        return False
    if ends_at is not None and booking.ends_at.isoformat() != ends_at:
        return False  # moved since: another task is planned for the new time
    if Review.objects.filter(booking=booking).exists():
        return False
    unclaimed = Booking.objects.filter(pk=booking.pk, review_invited_at=None)
    return bool(unclaimed.update(review_invited_at=timezone.now()))


@task()
def notify_coach_of_review(review_id):
    review = Review.objects.select_related("booking").filter(pk=review_id).first()
    if review and review.status == Review.Status.PENDING:
        emails.send_review_waiting(review)
