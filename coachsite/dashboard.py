"""What the coach needs today, for the admin's front page."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from blog.models import Comment, ReadCount
from blog.services import approve_comment, set_comment_status
from booking.models import Booking, OwnCalendar
from newsletter.models import Campaign, Subscriber
from payments.models import Payment
from reviews.models import Review
from reviews.services import hide_reviews, publish_reviews

MONTHS = 12
CHART_WIDTH, CHART_HEIGHT = 600, 160  # the SVG's drawing area, in its own units


@dataclass(frozen=True)
class Month:
    first_day: object
    subscribers: int
    bookings: int
    reads: int


def this_week():
    """Monday 00:00 to the next Monday, in the coach's zone."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def months_back(count=MONTHS):
    """The first days of the last `count` months, oldest first, this one last."""
    first = timezone.localdate().replace(day=1)
    months = [first]
    for _ in range(count - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def per_month(queryset, field, since):
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(number=Count("pk"))
    )
    # TruncMonth gives the start of each month in the coach's zone.
    return {timezone.localdate(row["month"]): row["number"] for row in rows}


def monthly_figures():
    """New subscribers (by sign-up), sessions (by their date, not cancelled) and
    reads of posts per month over the last year."""
    months = months_back()
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    subscribers = per_month(
        Subscriber.objects.exclude(status=Subscriber.Status.PENDING),
        "subscribed_at",
        since,
    )
    bookings = per_month(
        Booking.objects.exclude(status=Booking.Status.CANCELLED), "starts_at", since
    )
    reads = (
        ReadCount.objects.filter(day__gte=months[0])
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(number=Sum("count"))
    )
    reads = {row["month"]: row["number"] for row in reads}
    return [
        Month(
            month,
            subscribers.get(month, 0),
            bookings.get(month, 0),
            reads.get(month, 0),
        )
        for month in months
    ]


def chart(months):
    """Bars for the SVG: two per month, scaled to the highest figure."""
    highest = max([1, *(m.subscribers for m in months), *(m.bookings for m in months)])
    slot = CHART_WIDTH / len(months)
    bars = []
    for index, month in enumerate(months):
        for offset, (series, value) in enumerate(
            (("subscribers", month.subscribers), ("bookings", month.bookings))
        ):
            height = round(CHART_HEIGHT * value / highest, 1)
            bars.append(
                {
                    "series": series,
                    "x": round(index * slot + 6 + offset * (slot - 12) / 2, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "width": round((slot - 12) / 2, 1),
                    "height": height,
                    "value": value,
                    "month": month.first_day,
                }
            )
    labels = [
        {"x": round(index * slot + slot / 2, 1), "month": month.first_day}
        for index, month in enumerate(months)
    ]
    return {"bars": bars, "labels": labels, "highest": highest}


def overview():
    start, end = this_week()
    months = monthly_figures()
    week_ago = timezone.now() - timedelta(days=7)
    month_start = timezone.localtime().replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    new_subscribers = Subscriber.objects.filter(
        status=Subscriber.Status.CONFIRMED, confirmed_at__gte=week_ago
    )
    return {
        "week_sessions": Booking.objects.confirmed()
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("session_type")
        .order_by("starts_at"),
        "pending_comments": Comment.objects.pending()
        .select_related("post")
        .order_by("-created_at")[:5],
        "pending_comment_count": Comment.objects.pending().count(),
        "pending_reviews": Review.objects.pending().order_by("-created_at")[:5],
        "pending_review_count": Review.objects.pending().count(),
        "new_subscriber_count": new_subscribers.count(),
        "new_subscribers": new_subscribers.order_by("-confirmed_at")[:5],
        "last_campaign": Campaign.objects.with_figures()
        .exclude(started_at=None)
        .exclude(kind=Campaign.Kind.WELCOME)
        .order_by("-started_at")
        .first(),
        "month_payments": Payment.objects.received_since(month_start),
        "calendars_in_trouble": OwnCalendar.objects.in_trouble(),
        "reads": ReadCount.objects.since(timezone.localdate() - timedelta(days=6))[:5],
        "months": months,
        "chart": chart(months),
        "chart_size": (CHART_WIDTH, CHART_HEIGHT),
    }


# One-click actions on what waits: (kind, action) -> (model, permission, do it).
ACTIONS = {
    ("comment", "approve"): (
        Comment,
        "blog.change_comment",
        lambda comment: approve_comment(comment=comment),
    ),
    ("comment", "spam"): (
        Comment,
        "blog.change_comment",
        lambda comment: set_comment_status(comment=comment, status=Comment.Status.SPAM),
    ),
    ("review", "publish"): (
        Review,
        "reviews.change_review",
        lambda review: publish_reviews(reviews=[review]),
    ),
    ("review", "hide"): (
        Review,
        "reviews.change_review",
        lambda review: hide_reviews(reviews=[review]),
    ),
}


def act(user, kind, pk, action):
    """Carry out a dashboard button; False when the user may not or cannot."""
    if (kind, action) not in ACTIONS:
        return False
    model, permission, carry_out = ACTIONS[kind, action]
    item = model.objects.filter(pk=pk).first()
    if item is None or not user.has_perm(permission):
        return False
    carry_out(item)
    return True
