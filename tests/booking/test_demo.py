import pytest

import booking.demo
from booking.models import Booking, OpeningHours, SessionType
from booking.times.free_times import next_free_times

pytestmark = pytest.mark.django_db


def test_the_demo_agenda_can_be_booked_at_once(demo_site):
    booking.demo.load()
    booking.demo.load()  # safe to repeat

    types = SessionType.objects.all()
    assert [(t.name, t.duration_minutes, t.is_free_of_charge) for t in types] == [
        ("Gratis kennismaking", 30, True),
        ("Individuele sessie", 60, False),
        ("Sessie voor stellen", 90, False),
    ]
    assert types[0].place == SessionType.Place.ONLINE
    assert set(OpeningHours.objects.values_list("weekday", flat=True)) == set(range(5))
    assert Booking.objects.confirmed().exists()
    assert Booking.objects.filter(status=Booking.Status.COMPLETED).exists()
    assert all(next_free_times(session_type, 3) for session_type in types)
