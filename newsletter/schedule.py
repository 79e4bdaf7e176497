"""When the weekly overview goes out, from values alone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def digest_moment(week: date) -> datetime:
    """When the overview of the week that ends on `week` (a digest day) is sent."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(week, time(settings.NEWSLETTER_DIGEST_HOUR), tzinfo=zone)


def digest_period(week: date) -> tuple[datetime, datetime]:
    """The posts published in [start, end) go into the overview sent on `week`."""
    end = digest_moment(week)
    return end - timedelta(days=7), end


def latest_digest_week(now: datetime) -> date:
    """The most recent digest day whose sending moment has come."""
    local = now.astimezone(ZoneInfo(settings.TIME_ZONE))
    days_back = (local.weekday() - settings.NEWSLETTER_DIGEST_WEEKDAY) % 7
    day = local.date() - timedelta(days=days_back)
    return day if digest_moment(day) <= now else day - timedelta(days=7)
