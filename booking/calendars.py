"""The coach's own calendars: read their private iCalendar addresses and keep
the times they say she is busy.

Repeating events are expanded (with their exceptions and moved occurrences, in
their own time zones across summer time) by recurring-ical-events. An event the
calendar marks as free (TRANSP:TRANSPARENT, Outlook's busy status FREE) or as
cancelled does not count; an all-day event that is busy takes the whole day in
the coach's zone. Only the times are stored, never titles or descriptions.

Reading happens in the worker; the booking pages only read the stored times, so
a calendar that is slow or down never slows them. A failed read keeps the busy
times of the last good one.
"""

import logging
from datetime import date, datetime, time, timedelta

import icalendar
import recurring_ical_events
import requests
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from booking.models import BusyTime, OwnCalendar, SessionType
from booking.times.zones import coach_zone
from core import versions

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024  # a calendar of many years is a few MB


class CalendarUnreadable(Exception):
    """Why a calendar could not be read, in words for the coach."""


def fetchable(url) -> str:
    """Apple's webcal:// links are the same address over HTTPS."""
    if url.startswith("webcal://"):
        return "https://" + url.removeprefix("webcal://")
    return url


def download(url) -> bytes:
    url = fetchable(url)
    try:
        with requests.get(
            url,
            timeout=settings.OWN_CALENDAR_TIMEOUT_SECONDS,
            stream=True,
            headers={"User-Agent": "coachsite calendar reader"},
        ) as response:
            if response.status_code != 200:
                raise CalendarUnreadable(
                    _("The address answered with error %(status)s.")
                    % {"status": response.status_code}
                )
            body = b""
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_BYTES:
                    raise CalendarUnreadable(_("The calendar is too large to read."))
            return body
    except requests.RequestException as error:
        logger.info("Calendar %s unreachable: %s", url, error)
        raise CalendarUnreadable(_("The address cannot be reached.")) from error


def horizon():
    """From yesterday to the end of the longest booking window."""
    windows = SessionType.objects.active().values_list("booking_window_days", flat=True)
    now = timezone.now()
    return now - timedelta(days=1), now + timedelta(days=max(windows, default=60) + 1)


def as_moment(value):
    """An iCalendar date or time as an aware datetime (floating: the coach's)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time.min, tzinfo=coach_zone())
    if value.tzinfo is None:
        return value.replace(tzinfo=coach_zone())
    return value


def is_busy(event) -> bool:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    return str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "BUSY")).upper() != "FREE"


def busy_times(body, start, end) -> list[tuple[datetime, datetime]]:
    """(start, end) of every busy event between `start` and `end`."""
    try:
        calendar = icalendar.Calendar.from_ical(body)
        events = recurring_ical_events.of(calendar).between(start, end)
    except Exception as error:  # any malformed file: the coach hears, we go on
        logger.info("Calendar unreadable: %s", error)
        raise CalendarUnreadable(_("This is not a calendar we can read.")) from error
    found = []
    for event in events:
        if not is_busy(event) or "DTSTART" not in event:
            continue
        begin = event["DTSTART"].dt
        if "DTEND" in event:
            finish = event["DTEND"].dt
        elif "DURATION" in event:
            finish = begin + event["DURATION"].dt
        else:  # RFC 5545: a day without an end is one day; a moment takes none
            finish = begin + timedelta(days=1) if type(begin) is date else begin
        begin, finish = as_moment(begin), as_moment(finish)
        if begin < finish:
            found.append((begin, finish))
    return found


def read(calendar: OwnCalendar) -> bool:
    """Read `calendar` now and keep its busy times; False (with the reason on the
    calendar) if it could not be read."""
    now = timezone.now()
    start, end = horizon()
    try:
        found = busy_times(download(calendar.url), start, end)
    except CalendarUnreadable as problem:
        OwnCalendar.objects.filter(pk=calendar.pk).update(
            tried_at=now, error=str(problem)[:300]
        )
        return False
    with transaction.atomic():
        calendar.busy_times.all().delete()
        BusyTime.objects.bulk_create(
            BusyTime(calendar=calendar, starts_at=begin, ends_at=finish)
            for begin, finish in found
        )
        OwnCalendar.objects.filter(pk=calendar.pk).update(
            tried_at=now, fetched_at=now, error=""
        )
    versions.changed("agenda")  # free times kept for the minute are made again
    return True


def due() -> list[int]:
    """Calendars to read again (housekeeping runs every few minutes)."""
    before = timezone.now() - timedelta(minutes=settings.OWN_CALENDAR_EVERY_MINUTES)
    due = OwnCalendar.objects.filter(
        Q(tried_at=None) | Q(tried_at__lt=before), is_active=True
    )
    return list(due.values_list("pk", flat=True))
