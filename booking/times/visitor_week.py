"""The week of free times a visitor looks at: which dates, in which zone, and where
the links lead. Shared by the booking pages, their JSON and the move page."""

from dataclasses import dataclass
from datetime import UTC, date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from booking.times import free_times
from booking.times.zones import coach_zone, zone_or_default

DAYS_SHOWN = 7


def instant_param(moment):
    """A moment for a query string: UTC with "Z" (a "+" would arrive as a space)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


@dataclass(frozen=True)
class Week:
    zone_name: str
    first_day: date
    days: list  # free_times.Day, in the visitor's zone
    previous_day: date | None
    next_day: date | None
    first_free: object  # the first free time at all, when this week has none

    @property
    def has_times(self):
        return any(day.times for day in self.days)


def week_for(session_type, zone_name, starting=None, *, now=None, ignore=None):
    """The week from `starting` (an ISO date; by default the date of the first free
    time), kept between today and the end of the booking window."""
    now = now or timezone.now()
    zone = zone_or_default(zone_name)
    today = timezone.localdate(now, zone)
    last_day = today + timedelta(days=session_type.booking_window_days)
    try:
        first_day = date.fromisoformat(starting or "")
    except ValueError:
        first_day = None
    first_free = None
    if first_day is None:
        [first_free] = free_times.next_free_times(session_type, 1, now=now) or [None]
        first_day = timezone.localdate(first_free, zone) if first_free else today
    first_day = min(max(first_day, today), last_day)
    days = free_times.days_for_visitor(
        session_type, zone, first_day, now=now, ignore=ignore
    )
    if first_free is None and not any(day.times for day in days):
        [first_free] = free_times.next_free_times(session_type, 1, now=now) or [None]
    following = first_day + timedelta(days=DAYS_SHOWN)
    return Week(
        zone_name=zone.key,
        first_day=first_day,
        days=days,
        previous_day=max(first_day - timedelta(days=DAYS_SHOWN), today)
        if first_day > today
        else None,
        next_day=following if following <= last_day else None,
        first_free=first_free.astimezone(zone) if first_free else None,
    )


def time_links(url):
    """A function that makes, for a free time, the link to `url` that takes it."""

    def link_for(moment, zone_name):
        return f"{url}?{urlencode({'start': instant_param(moment), 'tz': zone_name})}"

    return link_for


def booking_link(session_type):
    """Links to the booking form of `session_type`."""
    return time_links(reverse("booking:book", args=[session_type.slug]))


def offered_times(session_type, count=3):
    """The next free times of `session_type` with their booking links, as a blog
    post offers them (in the coach's zone: the page is the same for everyone)."""
    if session_type is None or not session_type.is_active:
        return []
    link_for = booking_link(session_type)
    zone = coach_zone()
    return [
        (moment.astimezone(zone), link_for(moment, zone.key))
        for moment in free_times.next_free_times(session_type, count)
    ]
