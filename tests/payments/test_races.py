"""Paid bookings against a real server: racing visitors, and Mollie's own webhooks
arriving twice and late."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from booking.models import Booking
from payments.models import Payment
from tests.booking.factories import at, next_weekday
from tests.booking.test_no_double_booking import post
from tests.booking.visitors import booking_data
from tests.waiting import wait_for

VISITORS = 10


@pytest.fixture
def site(live_server, mollie, settings):
    settings.SITE_URL = live_server.url
    settings.BOOKING_RATE_LIMIT = (1000, 600)  # every visitor is 127.0.0.1
    return live_server.url


@pytest.mark.django_db(transaction=True)
def test_visitors_racing_for_one_paid_time_give_one_hold_and_one_payment(
    site, mollie, paid_type
):
    start = at(next_weekday(2), 10)
    url = f"{site}/afspraak/{paid_type.slug}/gegevens/"
    forms = [
        booking_data(start, email=f"bezoeker{n}@example.com", name=f"Bezoeker {n}")
        for n in range(VISITORS)
    ]

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        answers = list(pool.map(lambda form: post(url, form), forms))

    assert sorted(status for status, _body in answers) == [302] + [409] * (VISITORS - 1)
    assert Booking.objects.get().status == Booking.Status.HELD
    assert len(mollie.payments) == Payment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_webhooks_twice_and_late_confirm_once(site, mollie, paid_type, queue):
    mollie.webhooks, mollie.webhook_delay = "duplicate", 0.5
    status, _body = post(
        f"{site}/afspraak/{paid_type.slug}/gegevens/",
        booking_data(at(next_weekday(2), 10)),
    )
    assert status == 302
    (payment_id,) = mollie.payments

    mollie.settle(payment_id, "paid")  # as the client's bank says yes

    wait_for(lambda: len(mollie.webhooks_sent) == 2, "both webhooks", timeout=10)
    assert [answer for _id, answer in mollie.webhooks_sent] == [200, 200]
    assert Booking.objects.get().status == Booking.Status.CONFIRMED
    assert queue.queued("send_confirmation").count() == 1
