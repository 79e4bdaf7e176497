"""Free sessions cost a spammer nothing: a daily cap per address and network, and,
when the coach asks it, a booking held until the client confirms by e-mail."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from booking import services
from booking.models import Booking
from tests.booking.factories import SessionTypeFactory, at, next_weekday
from tests.booking.visitors import book
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def introduction(session_type):
    return SessionTypeFactory(name="Kennismaking", slug="kennismaking", price=0)


def times(count):
    day = next_weekday(2)
    return [at(day, 9 + hour) for hour in range(count)]


def test_one_address_books_two_free_sessions_a_day(client, introduction):
    statuses = [
        book(client, introduction, start, email=f"p{n}@example.com").status_code
        for n, start in enumerate(times(3))
    ]

    assert statuses == [302, 302, 429]
    assert Booking.objects.count() == 2


def test_rotating_through_an_ipv6_network_changes_nothing(client, introduction):
    statuses = [
        book(client, introduction, start, ip=f"2001:db8:5:6::{n + 1}").status_code
        for n, start in enumerate(times(3))
    ]

    assert statuses == [302, 302, 429]


def test_one_network_books_six_free_sessions_a_day(client, introduction):
    statuses = [
        book(client, introduction, start, ip=f"192.0.2.{n + 1}").status_code
        for n, start in enumerate(times(7))
    ]

    assert statuses == [302] * 6 + [429]
    response = book(client, introduction, times(8)[-1], ip="192.0.2.200")
    assert "gratis sessies geboekt" in response.content.decode()


def test_paid_sessions_have_no_daily_cap(client, session_type):
    session_type.price = 95
    session_type.save()

    statuses = [
        book(client, session_type, start, email=f"p{n}@example.com").status_code
        for n, start in enumerate(times(3))
    ]

    assert statuses == [302, 302, 302]


@pytest.fixture
def confirmed_by_email(introduction):
    introduction.confirm_by_email = True
    introduction.save()
    return introduction


def confirm_link(message):
    return re.search(r"https?://[^/\s]+(/afspraak/bevestigen/\S+/)", message.body)[1]


def test_a_held_booking_becomes_the_clients_only_through_the_mailed_link(
    client, confirmed_by_email, worker
):
    start = times(1)[0]

    response = book(client, confirmed_by_email, start, capture=worker.capture)
    worker.run()
    booking = Booking.objects.get()
    [request] = mail.outbox
    page = parse(client.get(response.url))
    scanned = client.get(confirm_link(request))  # a mail scanner follows every link

    assert booking.status == Booking.Status.HELD
    assert "Bevestig je afspraak" in request.subject
    assert "Bevestig je afspraak per e-mail" in page.h1.get_text()
    assert scanned.status_code == 200
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD
    with worker.capture(execute=True):
        confirmed = client.post(confirm_link(request))
    worker.run()
    booking.refresh_from_db()
    assert confirmed.status_code == 302
    assert booking.status == Booking.Status.CONFIRMED
    assert any("bevestigd" in message.subject for message in mail.outbox[1:])


def test_while_held_the_time_is_taken_and_afterwards_free_again(
    client, confirmed_by_email
):
    start = times(1)[0]
    book(client, confirmed_by_email, start, ip="10.9.9.1")

    again = book(client, confirmed_by_email, start, ip="10.9.9.2")
    Booking.objects.update(held_until=timezone.now() - timedelta(seconds=1))
    later = book(client, confirmed_by_email, start, ip="10.9.9.3")

    assert again.status_code == 409
    assert later.status_code == 302
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == [Booking.Status.EXPIRED, Booking.Status.HELD]


def test_a_late_confirmation_counts_while_the_time_is_still_free(
    client, confirmed_by_email, worker
):
    book(client, confirmed_by_email, times(1)[0], capture=worker.capture)
    worker.run()
    Booking.objects.update(held_until=timezone.now() - timedelta(minutes=5))
    assert services.expire_stale_holds() == 1

    response = client.post(confirm_link(mail.outbox[0]))

    assert response.status_code == 302
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_a_late_confirmation_for_a_time_taken_since_is_refused_kindly(
    client, confirmed_by_email, worker
):
    start = times(1)[0]
    book(client, confirmed_by_email, start, capture=worker.capture)
    worker.run()
    Booking.objects.update(held_until=timezone.now() - timedelta(minutes=5))
    book(client, confirmed_by_email, start, ip="10.9.9.9", email="ander@example.com")

    response = client.post(confirm_link(mail.outbox[0]))

    assert response.status_code == 409
    assert "net door iemand anders geboekt" in response.content.decode()
    assert Booking.objects.filter(status=Booking.Status.HELD).count() == 1
