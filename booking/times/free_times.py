"""Free times of a session type: the database read once, the intervals computed."""

import contextlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import FloatField, Func
from django.utils import timezone

from booking.models import Booking, BusyTime, ExtraHours, OpeningHours, TimeOff
from booking.times.intervals import Availability, Rules, free_start_times
from booking.times.zones import coach_zone
from core import versions


class EpochSeconds(Func):
    """A moment as seconds since 1970. Hundreds of bookings are read as numbers:
    turning database timestamps into aware datetimes costs more than the rest of
    the computation (about 10 µs a value on PostgreSQL)."""

    output_field = FloatField()
    template = "CAST(EXTRACT(EPOCH FROM %(expressions)s) AS double precision)"

    def as_sqlite(self, compiler, connection, **extra):
        template = "(julianday(%(expressions)s) - 2440587.5) * 86400.0"
        return self.as_sql(compiler, connection, template=template, **extra)


def from_epoch(seconds):
    return datetime.fromtimestamp(round(seconds), UTC)  # bookings are whole minutes


def rules_for(session_type):
    return Rules(
        duration=session_type.duration,
        buffer_before=session_type.buffer_before,
        buffer_after=session_type.buffer_after,
        minimum_notice=timedelta(hours=session_type.minimum_notice_hours),
        booking_window=timedelta(days=session_type.booking_window_days),
        max_per_day=session_type.max_per_day,
        step=timedelta(minutes=settings.BOOKING_SLOT_STEP_MINUTES),
    )


def availability_between(session_type, first_day, last_day, *, ignore=None):
    """Everything that decides availability from `first_day` through `last_day`, in
    four queries whatever the number of bookings. `ignore`: a booking being moved."""
    zone = coach_zone()
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = start + timedelta(days=(last_day - first_day).days + 1)
    weekly = defaultdict(list)
    for hours in OpeningHours.objects.all():
        weekly[hours.weekday].append((hours.starts_at, hours.ends_at))
    extra = defaultdict(list)
    for hours in ExtraHours.objects.filter(date__range=(first_day, last_day)):
        extra[hours.date].append((hours.starts_at, hours.ends_at))
    bookings = Booking.objects.occupying(
        start - timedelta(days=1), end + timedelta(days=1)
    )
    if ignore is not None:
        bookings = bookings.exclude(pk=ignore.pk)
    occupied, per_day = [], defaultdict(int)
    for blocked_from, blocked_until, type_id, starts_at in bookings.values_list(
        EpochSeconds("blocked_from"),
        EpochSeconds("blocked_until"),
        "session_type_id",
        EpochSeconds("starts_at"),
    ):
        occupied.append((from_epoch(blocked_from), from_epoch(blocked_until)))
        if type_id == session_type.pk:
            per_day[timezone.localdate(from_epoch(starts_at), zone)] += 1
    # Time off, and the busy times of the coach's own calendars: one query.
    time_off = list(
        TimeOff.objects.filter(starts_at__lt=end, ends_at__gt=start)
        .order_by()
        .values_list("starts_at", "ends_at")
        .union(
            BusyTime.objects.filter(
                calendar__is_active=True, starts_at__lt=end, ends_at__gt=start
            )
            .order_by()
            .values_list("starts_at", "ends_at"),
            all=True,
        )
    )
    return Availability(
        zone=zone,
        weekly=dict(weekly),
        extra=dict(extra),
        time_off=time_off,
        occupied=occupied,
        booked_per_day=dict(per_day),
    )


def opening_days(first_day, last_day) -> set:
    """The dates (in the coach's zone) with hours to book in, whole days off
    left out: a day among them without free times is a full day."""
    zone = coach_zone()
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=zone)
    weekdays = set(OpeningHours.objects.values_list("weekday", flat=True))
    extra = set(
        ExtraHours.objects.filter(date__range=(first_day, last_day)).values_list(
            "date", flat=True
        )
    )
    days_off = TimeOff.objects.filter(starts_at__lt=end, ends_at__gt=start)
    days_off = list(days_off.values_list("starts_at", "ends_at"))
    days = set()
    for offset in range((last_day - first_day).days + 1):
        day = first_day + timedelta(days=offset)
        day_start = datetime.combine(day, time.min, tzinfo=zone)
        day_end = day_start + timedelta(days=1)
        off = any(since <= day_start and day_end <= until for since, until in days_off)
        if (day.weekday() in weekdays or day in extra) and not off:
            days.add(day)
    return days


def free_times(session_type, *, first_day=None, days=7, now=None, ignore=None):
    """The free start times of `session_type` on `days` days from `first_day`
    (dates in the coach's zone; today by default)."""
    now = now or timezone.now()
    first_day = first_day or timezone.localdate(now, coach_zone())
    last_day = first_day + timedelta(days=days - 1)
    availability = availability_between(
        session_type, first_day, last_day, ignore=ignore
    )
    return free_start_times(
        rules_for(session_type), availability, now=now, first_day=first_day, days=days
    )


def kept_for_the_minute(name, compute, *, now=None):
    """compute(minute), made once a minute for everyone and afresh after any change
    to the agenda (its content version): free times move with the clock, by the
    minute. `name` says what is computed, with everything it depends on."""
    minute = (now or timezone.now()).replace(second=0, microsecond=0)
    try:
        agenda = versions.current()["agenda"]
        key = f"{name}:{int(minute.timestamp())}:{agenda}"
        found = cache.get(key)
    except Exception:  # without its cache the site is slower, not broken
        key, found = None, None
    if found is None:
        found = compute(minute)
        with contextlib.suppress(Exception):
            cache.set(key, found, timeout=60)
    return found


def shown_free_times(session_type, *, first_day, days, now=None, ignore=None):
    """free_times as pages show them, kept for the minute. Whether a time can
    really be booked is checked afresh when it is booked."""
    if ignore is not None:  # moving a booking: that booking's own view of things
        return free_times(
            session_type, first_day=first_day, days=days, now=now, ignore=ignore
        )
    return kept_for_the_minute(
        f"free-times:{session_type.pk}:{first_day}:{days}",
        lambda minute: free_times(
            session_type, first_day=first_day, days=days, now=minute
        ),
        now=now,
    )


def shown_opening_days(first_day, last_day) -> set:
    """opening_days as pages show them (which full days offer a waiting list),
    kept for the minute like the free times beside them."""
    return kept_for_the_minute(
        f"opening-days:{first_day}:{last_day}",
        lambda minute: opening_days(first_day, last_day),
    )


def is_bookable(session_type, starts_at, *, ignore=None, now=None, shown=False):
    """Whether a session of this type can start at `starts_at`: afresh from the
    database (as booking checks it), or `shown` as pages show free times."""
    day = timezone.localdate(starts_at, coach_zone())
    compute = shown_free_times if shown else free_times
    return starts_at in compute(
        session_type, first_day=day, days=1, now=now, ignore=ignore
    )


@dataclass(frozen=True)
class Day:
    date: date  # in the visitor's zone
    times: list  # free start times, in the visitor's zone


def days_for_visitor(session_type, zone, first_day, *, days=7, now=None, ignore=None):
    """Free times on `days` dates from `first_day` as a visitor in `zone` sees them:
    their dates may straddle two of the coach's."""
    start = datetime.combine(first_day, time.min, tzinfo=zone)
    end = datetime.combine(first_day + timedelta(days=days), time.min, tzinfo=zone)
    coach_first = timezone.localdate(start, coach_zone())
    coach_last = timezone.localdate(end - timedelta(microseconds=1), coach_zone())
    grouped = {first_day + timedelta(days=offset): [] for offset in range(days)}
    for moment in shown_free_times(
        session_type,
        first_day=coach_first,
        days=(coach_last - coach_first).days + 1,
        now=now,
        ignore=ignore,
    ):
        local = moment.astimezone(zone)
        if local.date() in grouped:
            grouped[local.date()].append(local)
    return [Day(day, times) for day, times in grouped.items()]


def next_free_times(session_type, count, *, now=None):
    """The first `count` free times, looked for a week at a time (a week is
    usually enough) up to the end of the booking window."""
    now = now or timezone.now()
    day = timezone.localdate(now, coach_zone())
    last_day = day + timedelta(days=session_type.booking_window_days)
    found = []
    while len(found) < count and day <= last_day:
        found += shown_free_times(session_type, first_day=day, days=7, now=now)
        day += timedelta(days=7)
    return found[:count]
