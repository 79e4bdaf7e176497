"""Reviews: asked for once after a real session, written once through a signed
link, published only when the coach approves."""

import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from booking import tasks
from booking.models import REVIEW, Booking, Review
from coachsite.cache import current_version
from coachsite.tokens import DAY, read_token

logger = logging.getLogger(__name__)
INVITABLE = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED)


class AlreadyReviewed(Exception):
    """A booking has one review; its link works once."""


def display_name_for(name):
    """How a client appears under a review: first name and the initial of the
    last ("Anouk de Vries" becomes "Anouk V.")."""
    words = name.split()
    if len(words) < 2:
        return name.strip()
    return f"{words[0]} {words[-1][0].upper()}."


def schedule_invitation(booking):
    """Ask for a review some hours after the session ends (re-checked then)."""
    ends_at = booking.ends_at
    run_after = ends_at + timedelta(hours=settings.REVIEWS_INVITE_AFTER_HOURS)
    task = tasks.send_review_invitation.using(run_after=run_after)
    transaction.on_commit(lambda: task.enqueue(booking.pk, ends_at.isoformat()))


def invite_now(booking_ids):
    """The coach marked sessions completed: ask at once, not later."""
    for booking_id in booking_ids:
        transaction.on_commit(
            lambda booking_id=booking_id: tasks.send_review_invitation.enqueue(
                booking_id
            )
        )


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


def booking_for_link(token):
    """The booking an invitation link is for, while the link is valid."""
    uid = read_token(REVIEW, token, max_age=settings.REVIEWS_LINK_DAYS * DAY)
    booking = (
        Booking.objects.select_related("session_type").filter(uid=uid).first()
        if isinstance(uid, str)
        else None
    )
    return booking if booking and booking.status in INVITABLE else None


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
    transaction.on_commit(lambda: tasks.notify_coach_of_review.enqueue(review.pk))
    return review


def publish(reviews):
    """Approve: the review shows on the site (with the coach's reply, if any)."""
    for review in reviews:
        review.status = Review.Status.PUBLISHED
        review.published_at = review.published_at or timezone.now()
        review.save(update_fields=["status", "published_at"])


def hide(reviews):
    for review in reviews:
        review.status = Review.Status.HIDDEN
        review.save(update_fields=["status"])


@dataclass(frozen=True)
class RatingSummary:
    average: float | None
    count: int
    stars: dict  # {5: number of five-star reviews, ..., 1: ...}

    @property
    def rows(self):
        """(stars, number, percentage) from five stars down, for the bars."""
        return [
            (stars, number, round(100 * number / self.count) if self.count else 0)
            for stars, number in sorted(self.stars.items(), reverse=True)
        ]


def rating_summary():
    """Average, count and distribution of the published reviews. Cached with the
    pages (any change to a review empties both); without a cache, computed."""
    try:
        key = f"reviews:summary:{current_version()}"
        summary = cache.get(key)
    except Exception:
        logger.warning("Rating not cached: cache unavailable", exc_info=True)
        return summarise()
    if summary is None:
        summary = summarise()
        with contextlib.suppress(Exception):
            cache.set(key, summary, timeout=settings.PAGE_CACHE_SECONDS)
    return summary


def summarise():
    totals = Review.objects.published().aggregate(
        average=Avg("rating"),
        count=Count("pk"),
        **{
            f"stars_{stars}": Count("pk", filter=Q(rating=stars))
            for stars in range(5, 0, -1)
        },
    )
    average = totals["average"]
    return RatingSummary(
        average=float(average) if average is not None else None,
        count=totals["count"],
        stars={stars: totals[f"stars_{stars}"] for stars in range(5, 0, -1)},
    )
