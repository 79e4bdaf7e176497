"""The waiting list of a full day: a client asks to hear of a free time, a
cancellation tells everyone waiting that day, whoever books first has it."""

import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from booking import services
from booking.links import WAITING
from booking.models import Booking, WaitingListEntry
from core.protection import make_form_token
from tests.booking.factories import (
    BookingFactory,
    SessionTypeFactory,
    at,
    next_weekday,
    open_on,
)
from tests.booking.test_no_double_booking import post
from tests.booking.visitors import booking_data
from tests.tokens import token_made_ago

pytestmark = pytest.mark.django_db

WEDNESDAY = 2


@pytest.fixture
def full_day(db):
    """Wednesday next week: open 9 to 11, both hours booked."""
    from datetime import time

    open_on([WEDNESDAY], begin=time(9), end=time(11))
    session_type = SessionTypeFactory(name="Individuele sessie", slug="individueel")
    day = next_weekday(WEDNESDAY)
    for hour in (9, 10):
        BookingFactory(session_type=session_type, starts_at=at(day, hour))
    return session_type, day


def join(client, session_type, day, email="joris@example.com", ip="10.5.5.5"):
    data = {
        "company": "",
        "day": day.isoformat(),
        "name": "Joris Visser",
        "email": email,
    }
    data["form_token"] = make_form_token(
        "booking-waiting", issued_at=timezone.now().timestamp() - 30
    )
    url = reverse("booking:waiting_list", args=[session_type.slug])
    return client.post(url, data, REMOTE_ADDR=ip)


def test_a_full_day_offers_the_waiting_list_and_a_closed_day_does_not(client, full_day):
    session_type, day = full_day
    url = reverse("booking:choose_time", args=[session_type.slug])
    page = client.get(url, {"from": day.isoformat()}).text
    waiting_url = reverse("booking:waiting_list", args=[session_type.slug])
    assert page.count(f"{waiting_url}?day=") == 1
    assert f"day={day.isoformat()}" in page

    data = client.get(
        reverse("booking:free_times", args=[session_type.slug]),
        {"from": day.isoformat()},
    ).json()
    waiting = {d["date"]: d["waiting"] for d in data["days"]}
    assert waiting[day.isoformat()].endswith(f"?day={day.isoformat()}")
    assert waiting[(day + timedelta(days=1)).isoformat()] is None  # closed


def test_joining_once_per_day_and_a_few_days_at_most(client, full_day, settings):
    session_type, day = full_day
    assert join(client, session_type, day).status_code == 200
    assert join(client, session_type, day).status_code == 200
    assert WaitingListEntry.objects.count() == 1

    settings.BOOKING_WAITING_PER_ADDRESS = 1
    later = day + timedelta(days=7)
    response = join(client, session_type, later)
    assert response.status_code == 400
    assert WaitingListEntry.objects.count() == 1


def test_a_day_in_the_past_or_beyond_the_window_is_refused(client, full_day):
    session_type, _day = full_day
    for day in (timezone.localdate(), timezone.localdate() + timedelta(days=400)):
        assert join(client, session_type, day).status_code == 400
    assert not WaitingListEntry.objects.exists()


def test_a_cancellation_tells_everyone_waiting_and_the_first_to_book_has_it(
    client, full_day, worker, mailoutbox, django_capture_on_commit_callbacks
):
    session_type, day = full_day
    join(client, session_type, day, "joris@example.com")
    join(client, session_type, day, "fatima@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=Booking.objects.get(starts_at=at(day, 10)))
    worker.run()

    told = {m.to[0]: m for m in mailoutbox if "vrij" in m.subject}
    assert set(told) == {"joris@example.com", "fatima@example.com"}
    path = re.search(r"https?://[^/\s]+(/\S+/)", told["joris@example.com"].body)[1]
    page = client.get(path)
    assert page.status_code == 200
    booking_url = reverse("booking:book", args=[session_type.slug])
    assert booking_url in page.text

    book_url = re.search(rf'href="({re.escape(booking_url)}[^"]+)"', page.text)[1]
    start = re.search(r"start=([^&]+)", book_url)[1].replace("%3A", ":")
    data = booking_data(start, email="joris@example.com", name="Joris Visser")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(booking_url, data, REMOTE_ADDR="10.6.6.6").status_code == 302

    joris = WaitingListEntry.objects.get(email="joris@example.com")
    assert joris.booked_at is not None
    fatima = WaitingListEntry.objects.get(email="fatima@example.com")
    assert fatima.booked_at is None
    # Too late for Fatima: the link now says so, and she stays on the list.
    late = client.get(
        re.search(r"https?://[^/\s]+(/\S+/)", told["fatima@example.com"].body)[1]
    )
    assert booking_url not in late.text
    assert WaitingListEntry.objects.waiting().filter(pk=fatima.pk).exists()


def test_nobody_is_told_when_the_freed_time_does_not_suit_their_session(
    full_day, worker, mailoutbox, django_capture_on_commit_callbacks, client
):
    _session_type, day = full_day
    long = SessionTypeFactory(duration_minutes=120)
    WaitingListEntry.objects.create(
        session_type=long, day=day, name="Joris", email="joris@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=Booking.objects.get(starts_at=at(day, 10)))
    worker.run()
    assert not [m for m in mailoutbox if m.to == ["joris@example.com"]]


def test_the_link_expires_and_leaving_the_list_works(client, full_day, settings):
    session_type, day = full_day
    entry = WaitingListEntry.objects.create(
        session_type=session_type, day=day, name="Joris", email="joris@example.com"
    )
    hours = settings.BOOKING_WAITING_LINK_HOURS
    stale = token_made_ago(WAITING, str(entry.key), seconds=hours * 3600 + 60)
    assert client.get(reverse("booking:waiting", args=[stale])).status_code == 404

    fresh = WAITING.token(str(entry.key))
    assert client.post(reverse("booking:waiting", args=[fresh])).status_code == 302
    assert not WaitingListEntry.objects.exists()


def test_housekeeping_forgets_the_waiting_lists_of_past_days(full_day):
    session_type, _day = full_day
    WaitingListEntry.objects.create(
        session_type=session_type,
        day=timezone.localdate() - timedelta(days=1),
        name="Joris",
        email="joris@example.com",
    )
    call_command("housekeeping")
    assert not WaitingListEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_waiting_clients_racing_for_the_freed_time_get_one_booking(
    live_server, full_day, settings
):
    settings.BOOKING_RATE_LIMIT = (1000, 600)
    session_type, day = full_day
    for email in ("joris@example.com", "fatima@example.com"):
        WaitingListEntry.objects.create(
            session_type=session_type, day=day, name="W", email=email
        )
    services.cancel_booking(booking=Booking.objects.get(starts_at=at(day, 10)))
    url = live_server.url + reverse("booking:book", args=[session_type.slug])
    forms = [
        booking_data(at(day, 10), email=email, name="W")
        for email in ("joris@example.com", "fatima@example.com")
    ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(
            status for status, _ in pool.map(lambda f: post(url, f), forms)
        )

    assert statuses == [302, 409]
    assert (
        Booking.objects.filter(starts_at=at(day, 10), status="confirmed").count() == 1
    )
    assert WaitingListEntry.objects.filter(booked_at__isnull=False).count() == 1
    assert WaitingListEntry.objects.waiting().count() == 1
