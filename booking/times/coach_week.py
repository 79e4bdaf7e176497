"""The coach's week for the admin's calendar view."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from booking.models import Booking, ExtraHours, OpeningHours, TimeOff
from booking.times.zones import coach_zone


@dataclass
class CoachDay:
    date: date
    hours: list = field(default_factory=list)  # [(time, time)], weekly and extra
    time_off: list = field(default_factory=list)
    bookings: list = field(default_factory=list)

    @property
    def is_today(self):
        return self.date == timezone.localdate()


def coach_week(day):
    """Monday to Sunday of the week that holds `day`, in four queries."""
    monday = day - timedelta(days=day.weekday())
    days = [CoachDay(monday + timedelta(days=offset)) for offset in range(7)]
    by_date = {coach_day.date: coach_day for coach_day in days}
    start = datetime.combine(monday, time.min, tzinfo=coach_zone())
    end = start + timedelta(days=7)
    weekly = defaultdict(list)
    for hours in OpeningHours.objects.all():
        weekly[hours.weekday].append((hours.starts_at, hours.ends_at))
    for coach_day in days:
        coach_day.hours = list(weekly[coach_day.date.weekday()])
    for hours in ExtraHours.objects.filter(date__range=(monday, days[-1].date)):
        by_date[hours.date].hours.append((hours.starts_at, hours.ends_at))
    for off in TimeOff.objects.filter(starts_at__lt=end, ends_at__gt=start):
        for coach_day in days:
            day_start = datetime.combine(coach_day.date, time.min, tzinfo=coach_zone())
            if (
                off.starts_at < day_start + timedelta(days=1)
                and off.ends_at > day_start
            ):
                coach_day.time_off.append(off)
    bookings = (
        Booking.objects.exclude(status=Booking.Status.CANCELLED)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("session_type")
    )
    for booking in bookings:
        by_date[timezone.localdate(booking.starts_at, coach_zone())].bookings.append(
            booking
        )
    for coach_day in days:
        coach_day.hours.sort()
    return days
