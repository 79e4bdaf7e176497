"""Reviews: asked for once after a real session, written once through a signed
link, published only when the coach approves."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from booking.models import Booking
from core.tasks import enqueue_on_commit
from reviews import tasks
from reviews.links import INVITABLE
from reviews.models import Review

# Housekeeping invites after a session whose planned invitation got lost, for
# this long after it ended; older sessions are left in peace.
CATCH_UP = timedelta(days=7)


class AlreadyReviewed(Exception):
    """A booking has one review; its link works once."""


def schedule_invitation(*, booking: Booking) -> None:
    """Ask for a review some hours after the session ends (re-checked then)."""
    ends_at = booking.ends_at
    run_after = ends_at + timedelta(hours=settings.REVIEWS_INVITE_AFTER_HOURS)
    enqueue_on_commit(
        tasks.send_review_invitation,
        booking.pk,
        ends_at.isoformat(),
        run_after=run_after,
    )


def invite_now(*, booking_ids) -> None:
    """The coach marked sessions completed: ask at once, not later."""
    for booking_id in booking_ids:
        enqueue_on_commit(tasks.send_review_invitation, booking_id)


def invite_overdue() -> int:
    """Housekeeping: ask after recent sessions whose invitation never went out (a
    lost task). Returns how many were asked for."""
    now = timezone.now()
    ended_before = now - timedelta(hours=settings.REVIEWS_INVITE_AFTER_HOURS)
    overdue = Booking.objects.filter(
        status__in=INVITABLE,
        ends_at__lte=ended_before,
        ends_at__gte=now - CATCH_UP,
        review_invited_at=None,
        review=None,
    ).values_list("pk", flat=True)
    booking_ids = list(overdue)
    invite_now(booking_ids=booking_ids)
    return len(booking_ids)


def submit_review(*, booking, rating, text, display_name, language) -> Review:
    """The client's review, held for the coach's approval."""
    review = Review(
        booking=booking,
        rating=rating,
        text=text,
        display_name=display_name,
        verified=True,
        session_month=timezone.localdate(booking.starts_at).replace(day=1),
        language=language,
        consent_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # written a moment ago, in another tab
        raise AlreadyReviewed from None
    enqueue_on_commit(tasks.notify_coach_of_review, review.pk)
    return review


def publish_reviews(*, reviews) -> None:
    """Approve: the reviews show on the site (with the coach's reply, if any)."""
    for review in reviews:
        review.status = Review.Status.PUBLISHED
        review.published_at = review.published_at or timezone.now()
        review.save(update_fields=["status", "published_at"])


def hide_reviews(*, reviews) -> None:
    for review in reviews:
        review.status = Review.Status.HIDDEN
        review.save(update_fields=["status"])
