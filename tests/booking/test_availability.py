"""Which times are free: opening hours, time off, other sessions, and the clock."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from booking.models import Booking, ExtraHours, TimeOff
from booking.times import free_times
from tests.booking.factories import BookingFactory, SessionTypeFactory, at, open_on

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 12, 7)
BEFORE = datetime(2026, 11, 30, 12, tzinfo=UTC)  # a week before: nothing in the past


def local_times(times, zone="Europe/Amsterdam"):
    return [moment.astimezone(ZoneInfo(zone)).strftime("%H:%M") for moment in times]


def free_on(session_type, day, *, now=BEFORE):
    return free_times.free_times(session_type, first_day=day, days=1, now=now)


def test_free_times_fill_the_opening_hours_on_the_half_hour():
    open_on(weekdays=[0], begin=time(9), end=time(12))
    session_type = SessionTypeFactory(duration_minutes=60)

    assert local_times(free_on(session_type, MONDAY)) == [
        "09:00", "09:30", "10:00", "10:30", "11:00",
    ]  # fmt: skip
    assert free_on(session_type, MONDAY + timedelta(days=1)) == []  # closed Tuesday


def test_several_ranges_a_day_and_extra_hours_on_a_date():
    open_on(weekdays=[0], begin=time(9), end=time(10))
    open_on(weekdays=[0], begin=time(14), end=time(15))
    saturday = MONDAY + timedelta(days=5)
    ExtraHours.objects.create(date=saturday, starts_at=time(10), ends_at=time(11, 30))
    session_type = SessionTypeFactory(duration_minutes=60)

    assert local_times(free_on(session_type, MONDAY)) == ["09:00", "14:00"]
    assert local_times(free_on(session_type, saturday)) == ["10:00", "10:30"]


def test_time_off_closes_part_of_a_day_or_all_of_it():
    open_on(weekdays=[0, 1], begin=time(9), end=time(13))
    TimeOff.objects.create(starts_at=at(MONDAY, 10), ends_at=at(MONDAY, 11, 30))
    tuesday = MONDAY + timedelta(days=1)
    TimeOff.objects.create(starts_at=at(tuesday, 0), ends_at=at(tuesday, 23, 59))
    session_type = SessionTypeFactory(duration_minutes=60)

    assert local_times(free_on(session_type, MONDAY)) == ["09:00", "11:30", "12:00"]
    assert free_on(session_type, tuesday) == []


def test_no_session_overlaps_another_one_with_the_free_time_around_both():
    open_on(weekdays=[0], begin=time(9), end=time(14))
    other_type = SessionTypeFactory(duration_minutes=60, buffer_after_minutes=30)
    BookingFactory(session_type=other_type, starts_at=at(MONDAY, 10))  # 10-11, +30
    session_type = SessionTypeFactory(duration_minutes=60, buffer_before_minutes=15)

    # Blocked: 10:00-11:30 by the booking; a new one needs 15 minutes before it.
    assert local_times(free_on(session_type, MONDAY)) == [
        "09:00", "12:00", "12:30", "13:00",
    ]  # fmt: skip


def test_cancelled_sessions_free_their_time_again():
    open_on(weekdays=[0], begin=time(9), end=time(11))
    session_type = SessionTypeFactory(duration_minutes=60)
    booking = BookingFactory(session_type=session_type, starts_at=at(MONDAY, 9))
    assert local_times(free_on(session_type, MONDAY)) == ["10:00"]

    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)

    assert local_times(free_on(session_type, MONDAY)) == ["09:00", "09:30", "10:00"]


def test_at_most_so_many_sessions_of_a_type_a_day():
    open_on(weekdays=[0, 1], begin=time(9), end=time(17))
    session_type = SessionTypeFactory(duration_minutes=60, max_per_day=2)
    BookingFactory(session_type=session_type, starts_at=at(MONDAY, 9))
    assert free_on(session_type, MONDAY)  # one of two taken

    BookingFactory(session_type=session_type, starts_at=at(MONDAY, 14))

    assert free_on(session_type, MONDAY) == []
    assert free_on(session_type, MONDAY + timedelta(days=1))  # the next day is open
    other_type = SessionTypeFactory(duration_minutes=60)
    assert free_on(other_type, MONDAY)  # the limit is per type


def test_never_in_the_past_inside_the_notice_or_beyond_the_window():
    open_on(weekdays=range(7), begin=time(9), end=time(17))
    session_type = SessionTypeFactory(minimum_notice_hours=24, booking_window_days=10)
    now = at(MONDAY, 12, 10)

    times = free_times.free_times(session_type, first_day=MONDAY, days=14, now=now)

    assert min(times) == at(MONDAY + timedelta(days=1), 12, 30)
    assert max(times) <= now + timedelta(days=10)
    assert max(times) == at(MONDAY + timedelta(days=10), 12)


# Summer time: the clocks go forward on the last Sunday of March and back on the
# last Sunday of October (Europe/Amsterdam). Hours stay put on the wall clock.

SPRING_FORWARD = date(2026, 3, 29)
FALL_BACK = date(2026, 10, 25)


@pytest.mark.parametrize("sunday", [SPRING_FORWARD, FALL_BACK])
def test_opening_hours_stay_at_nine_on_the_wall_clock_across_the_change(sunday):
    open_on(weekdays=range(7), begin=time(9), end=time(12))
    session_type = SessionTypeFactory(duration_minutes=60, minimum_notice_hours=0)
    now = datetime.combine(sunday - timedelta(days=3), time(0), tzinfo=UTC)

    before, on, after = (
        free_on(session_type, sunday + timedelta(days=offset), now=now)
        for offset in (-1, 0, 1)
    )

    for times in (before, on, after):
        assert local_times(times) == ["09:00", "09:30", "10:00", "10:30", "11:00"]
    utc_offsets = {
        (day[0].utcoffset(), day[0].astimezone(UTC).hour) for day in (before, after)
    }
    assert len(utc_offsets) == 2  # 9:00 is another UTC hour after the change


def test_a_session_in_the_night_the_clocks_go_forward_lasts_a_real_hour():
    session_type = SessionTypeFactory(duration_minutes=60, minimum_notice_hours=0)
    ExtraHours.objects.create(date=SPRING_FORWARD, starts_at=time(1), ends_at=time(4))
    now = datetime(2026, 3, 20, tzinfo=UTC)

    times = free_on(session_type, SPRING_FORWARD, now=now)

    # 01:00-04:00 on the wall clock is two real hours: 02:00-03:00 does not exist.
    assert local_times(times) == ["01:00", "01:30", "03:00"]
    assert [moment.astimezone(UTC).strftime("%H:%M") for moment in times] == [
        "00:00", "00:30", "01:00",
    ]  # fmt: skip


def test_a_session_in_the_night_the_clocks_go_back_lasts_a_real_hour():
    session_type = SessionTypeFactory(duration_minutes=60, minimum_notice_hours=0)
    ExtraHours.objects.create(date=FALL_BACK, starts_at=time(1), ends_at=time(4))
    now = datetime(2026, 10, 20, tzinfo=UTC)

    times = free_on(session_type, FALL_BACK, now=now)

    # 01:00-04:00 on the wall clock is four real hours: 02:00-03:00 comes twice.
    assert [moment.astimezone(UTC).strftime("%H:%M") for moment in times] == [
        "23:00", "23:30", "00:00", "00:30", "01:00", "01:30", "02:00",
    ]  # fmt: skip
    assert local_times(times) == [
        "01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00",
    ]  # fmt: skip


# Visitors elsewhere see the coach's hours on their own clock, and on their own dates.


def visitor_days(session_type, zone, first_day, now):
    days = free_times.days_for_visitor(
        session_type, ZoneInfo(zone), first_day, days=2, now=now
    )
    return {day.date: local_times(day.times, zone) for day in days}


def test_a_visitor_in_tokyo_sees_the_afternoon_and_night_across_two_dates():
    open_on(weekdays=[0], begin=time(9), end=time(11))
    session_type = SessionTypeFactory(duration_minutes=60)

    days = visitor_days(session_type, "Asia/Tokyo", MONDAY, BEFORE)

    # 9:00-11:00 in Amsterdam (UTC+1) is 17:00-19:00 in Tokyo (UTC+9).
    assert days == {MONDAY: ["17:00", "17:30", "18:00"], MONDAY + timedelta(days=1): []}


def test_a_late_session_in_amsterdam_falls_on_the_next_date_in_tokyo():
    open_on(weekdays=[0], begin=time(15), end=time(17))
    session_type = SessionTypeFactory(duration_minutes=60)

    days = visitor_days(session_type, "Asia/Tokyo", MONDAY, BEFORE)

    assert days == {MONDAY: ["23:00", "23:30"], MONDAY + timedelta(days=1): ["00:00"]}


def test_a_visitor_in_new_york_while_only_america_is_on_summer_time():
    # America moves its clocks on 8 March 2026, Europe on 29 March: for three
    # weeks the difference is five hours instead of six.
    open_on(weekdays=[0], begin=time(9), end=time(10))
    session_type = SessionTypeFactory(duration_minutes=60)
    now = datetime(2026, 3, 1, tzinfo=UTC)

    in_between = visitor_days(session_type, "America/New_York", date(2026, 3, 16), now)
    after = visitor_days(session_type, "America/New_York", date(2026, 4, 6), now)

    assert in_between[date(2026, 3, 16)] == ["04:00"]
    assert after[date(2026, 4, 6)] == ["03:00"]


def test_the_computation_reads_the_database_in_four_queries_however_many_bookings(
    django_assert_num_queries,
):
    open_on(weekdays=range(7), begin=time(8), end=time(20))
    session_type = SessionTypeFactory(duration_minutes=60)
    for day in range(40):
        BookingFactory(
            session_type=session_type, starts_at=at(MONDAY + timedelta(days=day), 10)
        )

    with django_assert_num_queries(4):
        times = free_times.free_times(
            session_type, first_day=MONDAY, days=56, now=BEFORE
        )

    assert len(times) > 500
