from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from booking.models import Booking, OpeningHours, SessionType
from booking.times.zones import coach_zone


class SessionTypeFactory(factory.django.DjangoModelFactory):
    """An hour online, no free time around it, bookable a day to two months ahead."""

    class Meta:
        model = SessionType

    name = factory.Sequence(lambda n: f"Sessie {n}")
    slug = factory.Sequence(lambda n: f"sessie-{n}")
    duration_minutes = 60
    buffer_before_minutes = 0
    buffer_after_minutes = 0
    minimum_notice_hours = 24
    booking_window_days = 60


class BookingFactory(factory.django.DjangoModelFactory):
    """A confirmed booking; give `starts_at` (its end and blocked time follow)."""

    class Meta:
        model = Booking

    session_type = factory.SubFactory(SessionTypeFactory)
    name = "Anouk de Vries"
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    meeting_url = "https://meet.jit.si/test-room"

    @classmethod
    def _create(cls, model_class, *args, starts_at, **kwargs):
        booking = model_class(*args, **kwargs)
        booking.place_at(starts_at)
        booking.save()
        return booking


def open_on(weekdays=range(5), begin=time(9), end=time(17)):
    """Weekly opening hours, Monday to Friday 9 to 5 unless told otherwise."""
    for weekday in weekdays:
        OpeningHours.objects.create(weekday=weekday, starts_at=begin, ends_at=end)


def at(day, hour, minute=0):
    """A wall-clock time on `day` in the coach's zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=coach_zone())


def next_weekday(weekday, *, weeks_ahead=1):
    """A date `weeks_ahead` weeks from now on `weekday` (0 = Monday): beyond any
    minimum notice and within any booking window."""
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
