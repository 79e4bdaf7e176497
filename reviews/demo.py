"""Demo reviews: a year of them, most from clients with a past session, a few
given on Google. Written fresh for coachsite."""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.utils import timezone

from booking.demo import weekday_from
from booking.models import Booking, SessionType
from booking.times.zones import coach_zone
from reviews.models import Review

REVIEWS = Path(__file__).parent / "demo_data" / "reviews.json"


def has_content():
    return Review.objects.exists()


def load():
    if Review.objects.exists():
        return
    today = timezone.localdate()
    types = {
        session_type.slug: session_type for session_type in SessionType.objects.all()
    }
    for number, entry in enumerate(json.loads(REVIEWS.read_text(encoding="utf-8"))):
        load_review(number, entry, types, today)


def load_review(number, entry, types, today):
    """A published review: a client's after a past session, or one from Google."""
    month = (today.replace(day=1) - timedelta(days=30 * entry["months_ago"])).replace(
        day=1
    )
    review = Review(
        rating=entry["stars"],
        text=entry["text"],
        display_name=entry["name"],
        status=Review.Status.PUBLISHED,
        session_month=month,
        source="Google",
    )
    if session_type := types.get(entry["session_type"]):
        review.booking = past_session(session_type, entry, number, today)
        review.verified, review.source = True, ""
        review.session_month = timezone.localdate(review.booking.starts_at).replace(
            day=1
        )
    review.save()
    # Written the day after the session, published two days later.
    if review.booking:
        written = review.booking.ends_at + timedelta(days=1)
    else:
        written = datetime.combine(month, time(20), tzinfo=coach_zone())
    Review.objects.filter(pk=review.pk).update(
        created_at=written,
        published_at=min(written + timedelta(days=2), timezone.now()),
    )


def past_session(session_type, entry, number, today):
    """The completed session a demo review is about."""
    day = weekday_from(today, -30 * entry["months_ago"] - 3 - number % 5)
    booking = Booking(
        session_type=session_type,
        name=entry["name"],
        email=f"review{number}@example.com",
        status=Booking.Status.COMPLETED,
        review_invited_at=timezone.now(),
    )
    booking.place_at(datetime.combine(day, time(9 + number % 7), tzinfo=coach_zone()))
    while Booking.objects.occupying(
        booking.blocked_from, booking.blocked_until
    ).exists():
        booking.place_at(booking.starts_at + timedelta(hours=2))
    booking.save()
    return booking
