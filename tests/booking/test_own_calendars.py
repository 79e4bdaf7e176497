"""The coach's own calendars: read from their private iCalendar addresses (a
server on loopback here), repeating events expanded with their exceptions and
across summer time, free and all-day events as the calendars mean them, and the
busy times left out of the free times. A calendar that cannot be read shows on
the dashboard and never slows the booking pages."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from booking import calendars
from booking.models import BusyTime, OwnCalendar
from booking.times.free_times import free_times
from tests.booking.calendar_server import CalendarServer
from tests.booking.factories import SessionTypeFactory, at, next_weekday, open_on

pytestmark = pytest.mark.django_db

MONDAY, TUESDAY, THURSDAY = 0, 1, 3


def stamp(day, hour=None):
    return f"{day:%Y%m%d}" if hour is None else f"{day:%Y%m%d}T{hour:02d}0000"


def calendar_text(monday):
    """A weekly 10:00 supervision (one week moved to 14:00, one week skipped), a
    busy day off, a birthday marked free, an Outlook event marked free, and a
    cancelled one."""
    week = timedelta(weeks=1)
    tz = "TZID=Europe/Amsterdam"
    tuesday, thursday = monday + timedelta(days=1), monday + timedelta(days=3)
    return f"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
BEGIN:VEVENT
UID:supervisie@example.com
DTSTART;{tz}:{stamp(monday, 10)}
DTEND;{tz}:{stamp(monday, 11)}
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;{tz}:{stamp(monday + 2 * week, 10)}
SUMMARY:Supervisie
END:VEVENT
BEGIN:VEVENT
UID:supervisie@example.com
RECURRENCE-ID;{tz}:{stamp(monday + week, 10)}
DTSTART;{tz}:{stamp(monday + week, 14)}
DTEND;{tz}:{stamp(monday + week, 15)}
SUMMARY:Supervisie (verzet)
END:VEVENT
BEGIN:VEVENT
UID:vrij@example.com
DTSTART;VALUE=DATE:{stamp(tuesday)}
DTEND;VALUE=DATE:{stamp(tuesday + timedelta(days=1))}
TRANSP:OPAQUE
SUMMARY:Vrije dag
END:VEVENT
BEGIN:VEVENT
UID:verjaardag@example.com
DTSTART;VALUE=DATE:{stamp(thursday)}
TRANSP:TRANSPARENT
SUMMARY:Verjaardag Rik
END:VEVENT
BEGIN:VEVENT
UID:outlook@example.com
DTSTART;{tz}:{stamp(thursday, 9)}
DTEND;{tz}:{stamp(thursday, 12)}
X-MICROSOFT-CDO-BUSYSTATUS:FREE
SUMMARY:Misschien lunch
END:VEVENT
BEGIN:VEVENT
UID:afgezegd@example.com
DTSTART;{tz}:{stamp(thursday, 14)}
DTEND;{tz}:{stamp(thursday, 15)}
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def server():
    with CalendarServer() as server:
        yield server


@pytest.fixture
def session_type(db):
    open_on()
    return SessionTypeFactory(name="Individuele sessie", slug="individueel")


def starts_on(session_type, day):
    """The free start times on `day`, as "HH:MM"."""
    return [
        f"{timezone.localtime(moment):%H:%M}"
        for moment in free_times(session_type, first_day=day, days=1)
    ]


def test_busy_times_of_her_calendar_are_not_offered(server, session_type, client):
    monday = next_weekday(MONDAY)
    server.serve(calendar_text(monday))
    calendar = OwnCalendar.objects.create(name="Google", url=server.url)
    page = reverse("booking:choose_time", args=[session_type.slug])
    ten = at(monday, 10).astimezone(UTC).strftime("start=%Y-%m-%dT%H%%3A%MZ")
    assert ten in client.get(page, {"from": monday.isoformat()}).text

    assert calendars.read(calendar)

    assert ten not in client.get(page, {"from": monday.isoformat()}).text

    week = timedelta(weeks=1)
    assert "09:00" in starts_on(session_type, monday)
    assert "10:00" not in starts_on(session_type, monday)
    assert "10:30" not in starts_on(session_type, monday)
    assert "11:00" in starts_on(session_type, monday)
    assert "10:00" in starts_on(session_type, monday + week)  # moved away...
    assert "14:00" not in starts_on(session_type, monday + week)  # ...to 14:00
    assert "10:00" in starts_on(session_type, monday + 2 * week)  # skipped
    assert "10:00" not in starts_on(session_type, monday + 3 * week)
    assert starts_on(session_type, monday + timedelta(days=1)) == []  # day off
    thursday = monday + timedelta(days=3)  # only free and cancelled events
    assert starts_on(session_type, thursday) == starts_on(session_type, thursday + week)
    # Only the times are kept, nothing of what the appointments are.
    assert BusyTime.objects.count() == 4
    calendar.refresh_from_db()
    assert calendar.error == "" and calendar.fetched_at is not None


def test_a_repeating_event_keeps_its_hour_across_summer_time(server, session_type):
    today = timezone.localdate()
    year = today.year if today < date(today.year, 3, 1) else today.year + 1
    last_sunday = max(
        date(year, 3, day) for day in range(25, 32) if date(year, 3, day).weekday() == 6
    )
    monday = last_sunday - timedelta(days=13)  # two Mondays before, two after
    session_type.booking_window_days = (monday - today).days + 40
    session_type.save()
    server.serve(calendar_text(monday))

    calendars.read(OwnCalendar.objects.create(name="Google", url=server.url))

    supervision = [
        busy.starts_at.astimezone(UTC).time()
        for busy in BusyTime.objects.order_by("starts_at")
        if busy.ends_at - busy.starts_at == timedelta(hours=1)
    ]
    # 10:00 in Amsterdam: 09:00 UTC in winter, 08:00 UTC in summer (one week
    # moved to 14:00, one skipped).
    assert supervision == [time(9), time(13), time(8)]


def test_a_calendar_that_cannot_be_read_keeps_its_last_busy_times_and_says_so(
    server, session_type, admin_client
):
    monday = next_weekday(MONDAY)
    server.serve(calendar_text(monday))
    calendar = OwnCalendar.objects.create(name="Google", url=server.url)
    calendars.read(calendar)

    for status, body in ((404, b"Not found"), (200, b"<html>login</html>")):
        server.status, server.body = status, body
        assert not calendars.read(calendar)
        calendar.refresh_from_db()
        assert calendar.error
        assert BusyTime.objects.count() == 4  # the last good read still counts
        dashboard = admin_client.get(reverse("admin:index")).text
        assert calendar.error in dashboard and "Google" in dashboard
    assert "10:00" not in starts_on(session_type, monday)


def test_an_unreachable_or_slow_calendar_is_given_up_on(server, settings):
    settings.OWN_CALENDAR_TIMEOUT_SECONDS = (1, 1)
    server.serve("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    server.delay = 2
    calendar = OwnCalendar.objects.create(name="Traag", url=server.url)
    assert not calendars.read(calendar)
    gone = OwnCalendar.objects.create(name="Weg", url="http://127.0.0.1:9/x.ics")
    assert not calendars.read(gone)
    assert OwnCalendar.objects.in_trouble().count() == 2


def test_the_booking_pages_never_wait_for_a_calendar(server, session_type, client):
    server.serve(calendar_text(next_weekday(MONDAY)))
    OwnCalendar.objects.create(name="Google", url=server.url)
    server.delay = 5

    response = client.get(reverse("booking:choose_time", args=[session_type.slug]))

    assert response.status_code == 200
    assert server.requests == 0  # the worker reads calendars, pages never do


def test_saved_in_the_admin_it_is_read_at_once_then_every_few_minutes(
    server, session_type, admin_client, worker, settings
):
    server.serve(calendar_text(next_weekday(MONDAY)))
    with worker.capture(execute=True):
        response = admin_client.post(
            reverse("admin:booking_owncalendar_add"),
            {"name": "Outlook", "url": server.url, "is_active": "on"},
        )
    assert response.status_code == 302
    worker.run()
    assert server.requests == 1 and BusyTime.objects.count() == 4

    call_command("housekeeping")  # not due yet
    worker.run()
    assert server.requests == 1
    OwnCalendar.objects.update(tried_at=timezone.now() - timedelta(minutes=6))
    call_command("housekeeping")
    worker.run()
    assert server.requests == 2


def test_a_calendar_no_longer_in_use_no_longer_counts(server, session_type):
    monday = next_weekday(MONDAY)
    server.serve(calendar_text(monday))
    calendar = OwnCalendar.objects.create(name="Google", url=server.url)
    calendars.read(calendar)
    OwnCalendar.objects.update(is_active=False)
    assert "10:00" in starts_on(session_type, monday)


def test_apple_s_webcal_addresses_are_read_over_https():
    address = "webcal://p01-caldav.icloud.com/published/2/abc"
    assert (
        calendars.fetchable(address) == "https://p01-caldav.icloud.com/published/2/abc"
    )
    assert calendars.fetchable("https://x.example/a.ics") == "https://x.example/a.ics"


def test_only_calendar_addresses_are_accepted(admin_client):
    response = admin_client.post(
        reverse("admin:booking_owncalendar_add"),
        {"name": "X", "url": "file:///etc/passwd", "is_active": "on"},
    )
    assert response.status_code == 200
    assert not OwnCalendar.objects.exists()


def test_a_moment_without_a_zone_is_the_coach_s():
    moment = calendars.as_moment(datetime(2027, 1, 4, 10))
    assert moment.utcoffset() == timedelta(hours=1)
    day = calendars.as_moment(date(2027, 1, 4))
    assert (day.hour, day.utcoffset()) == (0, timedelta(hours=1))
    assert at(date(2027, 1, 4), 10) == moment
