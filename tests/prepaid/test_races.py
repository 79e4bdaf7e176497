"""Clients racing for the last credit on a card or the last euros on a voucher,
through a real server: the balance never goes below zero, and every refusal is
a clear answer."""

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from booking.models import Booking
from prepaid.links import REDEEM
from tests.booking.factories import at, next_weekday
from tests.booking.test_no_double_booking import post
from tests.booking.visitors import booking_data
from tests.prepaid.factories import active_card, active_voucher
from tests.prepaid.shop import plan_url

CLIENTS = 20


@pytest.fixture
def site(live_server, settings):
    settings.SITE_URL = live_server.url
    settings.BOOKING_RATE_LIMIT = (1000, 600)  # every client is 127.0.0.1
    return live_server.url


def free_times(count):
    """`count` different free times: every hour of next week's working days."""
    times = [at(next_weekday(day), hour) for day in range(5) for hour in range(9, 17)]
    return times[:count]


def race(url, count):
    forms = [
        booking_data(start, email=f"client{n}@example.com", name=f"Client {n}")
        for n, start in enumerate(free_times(count))
    ]
    with ThreadPoolExecutor(max_workers=count) as pool:
        return [status for status, _ in pool.map(lambda form: post(url, form), forms)]


@pytest.mark.django_db(transaction=True)
def test_twenty_bookings_at_once_on_a_card_with_three_credits(site, package):
    card = active_card(package, balance=3)

    statuses = race(site + plan_url(card, package.session_types.get()), CLIENTS)

    assert sorted(statuses) == [302] * 3 + [409] * (CLIENTS - 3)
    card.refresh_from_db()
    assert card.balance == 0
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == 3
    assert card.entries.filter(kind="used").count() == 3


@pytest.mark.django_db(transaction=True)
def test_ten_redemptions_at_once_of_one_voucher(site, mollie, paid_type):
    voucher = active_voucher(100)
    token = REDEEM.token(str(voucher.key))
    url = f"{site}/cadeaubon/inwisselen/{token}/{paid_type.slug}/"

    statuses = race(url, 10)

    # One session wholly paid by the voucher, one with its last € 5 (the rest
    # online), eight told the voucher is used up.
    assert sorted(statuses) == [302, 302] + [409] * 8
    voucher.refresh_from_db()
    assert voucher.balance == 0
    used = sorted(-entry.change for entry in voucher.entries.filter(kind="used"))
    assert used == [Decimal("5.00"), Decimal("95.00")]
    assert sorted(b.paid_in_advance for b in Booking.objects.all()) == used
