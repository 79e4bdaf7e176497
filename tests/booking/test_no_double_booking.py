"""No double booking, ever: many visitors at once, one of them gets the time."""

import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import IntegrityError, transaction

from booking.models import Booking
from core.protection import make_form_token
from tests.booking.factories import BookingFactory, SessionTypeFactory, at, next_weekday
from tests.booking.visitors import booking_data

VISITORS = 50


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post(url, data):
    opener = urllib.request.build_opener(NoRedirects)
    body = urllib.parse.urlencode(data).encode()
    try:
        with opener.open(url, body, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_fifty_visitors_at_once_give_one_booking_and_forty_nine_clear_answers(
    live_server, session_type, settings
):
    settings.BOOKING_RATE_LIMIT = (1000, 600)  # all from 127.0.0.1
    settings.BOOKING_FREE_PER_ADDRESS = settings.BOOKING_FREE_PER_NETWORK = (1000, 60)
    start = at(next_weekday(2), 10)
    url = f"{live_server.url}/afspraak/{session_type.slug}/gegevens/"
    forms = [
        booking_data(
            start, email=f"bezoeker{number}@example.com", name=f"Bezoeker {number}"
        )
        for number in range(VISITORS)
    ]
    for form in forms:
        form["form_token"] = make_form_token("booking", issued_at=time.time() - 30)

    with ThreadPoolExecutor(max_workers=VISITORS) as pool:
        answers = list(pool.map(lambda form: post(url, form), forms))

    statuses = sorted(status for status, _body in answers)
    assert statuses == [302] + [409] * (VISITORS - 1)
    taken = [body for status, body in answers if status == 409]
    assert all(
        "Dit tijdstip is net door iemand anders geboekt" in body for body in taken
    )
    assert Booking.objects.count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_itself_refuses_overlapping_sessions(session_type):
    other_type = SessionTypeFactory(buffer_after_minutes=15)
    day = next_weekday(2)
    first = BookingFactory(session_type=other_type, starts_at=at(day, 10))

    # 11:00 falls in the free time after the first session (until 11:15).
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session_type=session_type, starts_at=at(day, 11))

    Booking.objects.filter(pk=first.pk).update(status=Booking.Status.CANCELLED)
    BookingFactory(session_type=session_type, starts_at=at(day, 11))  # now free
    BookingFactory(session_type=session_type, starts_at=at(day, 12))  # back to back
    assert Booking.objects.confirmed().count() == 2


@pytest.mark.postgresql
@pytest.mark.django_db
def test_postgresql_holds_a_held_booking_s_time_as_firmly(session_type):
    day = next_weekday(2)
    held = BookingFactory(
        session_type=session_type, starts_at=at(day, 10), status=Booking.Status.HELD
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(session_type=session_type, starts_at=at(day, 10))

    Booking.objects.filter(pk=held.pk).update(status=Booking.Status.EXPIRED)
    BookingFactory(session_type=session_type, starts_at=at(day, 10))  # given back
