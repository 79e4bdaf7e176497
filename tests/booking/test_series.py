"""The coach books a client every few weeks in one step: every date is checked and
shown first, and booked all or nothing."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from booking import services
from booking.models import Booking
from booking.times.zones import coach_zone
from tests.booking.factories import BookingFactory, at, next_weekday

pytestmark = pytest.mark.django_db

SERIES = reverse("admin:booking_booking_series")


def series_form(session_type, first, **fields):
    return {
        "session_type": session_type.pk,
        "first_start": timezone.localtime(first, coach_zone()).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "every_weeks": 2,
        "count": 4,
        "place": "online",
        "name": "Anouk de Vries",
        "email": "anouk@example.com",
        "phone": "",
        **fields,
    }


def test_a_free_series_is_shown_then_booked_at_the_same_hour_across_summer_time(
    admin_client, session_type
):
    first = datetime.combine(
        datetime(2027, 3, 15).date(), time(10), tzinfo=coach_zone()
    )  # a Monday; the clocks change on 28 March
    data = series_form(session_type, first)

    shown = admin_client.post(SERIES, data)
    assert not Booking.objects.exists()  # nothing until the coach confirms
    assert "Alle datums zijn vrij. Allemaal boeken?" in shown.content.decode()
    booked = admin_client.post(SERIES, {**data, "confirm": "1"})

    assert booked.status_code == 302
    starts = [
        timezone.localtime(b.starts_at, coach_zone())
        for b in Booking.objects.order_by("starts_at")
    ]
    assert [s.date().isoformat() for s in starts] == [
        "2027-03-15", "2027-03-29", "2027-04-12", "2027-04-26"
    ]  # fmt: skip
    assert {s.time() for s in starts} == {time(10)}
    assert all(b.booked_by_coach for b in Booking.objects.all())


def test_a_date_taken_is_shown_and_nothing_is_booked(admin_client, session_type):
    first = at(next_weekday(0), 10)
    taken = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(0, weeks_ahead=3), 10),
        name="Bram",
    )  # fmt: skip

    shown = admin_client.post(
        SERIES, {**series_form(session_type, first), "confirm": "1"}
    )

    assert Booking.objects.count() == 1
    assert "Bram" in shown.content.decode()
    assert 'name="confirm"' not in shown.content.decode()
    assert taken.pk == Booking.objects.get().pk


@pytest.mark.django_db(transaction=True)
def test_a_time_taken_meanwhile_undoes_the_whole_series(session_type):
    starts = [at(next_weekday(0, weeks_ahead=n), 10) for n in (1, 3, 5)]

    def visitor():
        try:
            return services.book_session(
                session_type=session_type, starts_at=starts[2], name="Bram",
                email="bram@example.com", by_coach=True,
            )  # fmt: skip
        finally:
            connection.close()  # the thread's own: the test database must be dropped

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(visitor).result()
    with pytest.raises(services.SlotTaken):
        services.book_series(
            session_type=session_type, starts=starts, name="Anouk",
            email="anouk@example.com",
        )  # fmt: skip

    assert list(Booking.objects.values_list("name", flat=True)) == ["Bram"]


def test_only_who_may_add_bookings_books_a_series(client, django_user_model):
    staff = django_user_model.objects.create_user("hulp", is_staff=True)
    client.force_login(staff)

    assert client.get(SERIES).status_code == 403
