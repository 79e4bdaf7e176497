"""Free start times from opening hours, time off and bookings: values in, values out.

All times are aware datetimes. Opening hours are wall-clock times in the coach's
zone, turned into instants per date, so a session at 09:00 stays at 09:00 across
the change to and from summer time.
"""

import bisect
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Rules:
    duration: timedelta
    buffer_before: timedelta
    buffer_after: timedelta
    minimum_notice: timedelta
    booking_window: timedelta
    max_per_day: int | None
    step: timedelta


@dataclass(frozen=True)
class Availability:
    """The agenda over some days: hours, time off and the time bookings take."""

    zone: ZoneInfo
    weekly: dict  # weekday -> [(time, time)]
    extra: dict  # date -> [(time, time)]
    time_off: list  # [(datetime, datetime)]
    occupied: list  # [(datetime, datetime)]: bookings with their free time around them
    booked_per_day: dict  # date -> number of this type's bookings that day


def free_start_times(rules: Rules, availability: Availability, *, now, first_day, days):
    """Every instant a session can start on `days` dates from `first_day` (coach's
    dates), in order."""
    earliest = now + rules.minimum_notice
    latest = now + rules.booking_window
    occupied = merge(availability.occupied)
    occupied_starts = [start for start, _end in occupied]
    starts = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if rules.max_per_day is not None and (
            availability.booked_per_day.get(day, 0) >= rules.max_per_day
        ):
            continue
        for window_start, window_end in open_windows(availability, day):
            start = window_start
            while start + rules.duration <= window_end:
                blocked = (
                    start - rules.buffer_before,
                    start + rules.duration + rules.buffer_after,
                )
                if earliest <= start <= latest and is_unoccupied(
                    blocked, occupied, occupied_starts
                ):
                    starts.append(start)
                start += rules.step
    return starts


def open_windows(availability, day):
    """The day's opening hours as instants, minus the time off."""
    zone = availability.zone
    weekly = availability.weekly.get(day.weekday(), [])
    windows = [
        (at_wall_clock(day, begin, zone), at_wall_clock(day, end, zone))
        for begin, end in weekly + availability.extra.get(day, [])
    ]
    for off_start, off_end in availability.time_off:
        windows = [
            piece
            for window in windows
            for piece in subtract(window, off_start, off_end)
        ]
    return sorted(windows)


def at_wall_clock(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The wall-clock time `clock` on `day` in `zone`, in UTC: from here on, adding
    a duration adds real time, also across a change to or from summer time."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def subtract(window, off_start, off_end):
    start, end = window
    if off_end <= start or off_start >= end:
        return [window]
    return [
        piece for piece in ((start, off_start), (off_end, end)) if piece[0] < piece[1]
    ]


def merge(intervals):
    """Overlapping intervals joined, sorted by start."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def is_unoccupied(blocked, occupied, occupied_starts):
    """No occupied interval overlaps `blocked` (occupied: merged and sorted)."""
    start, end = blocked
    index = bisect.bisect_left(occupied_starts, end)  # intervals starting before `end`
    return index == 0 or occupied[index - 1][1] <= start
