"""The coach's side: session types, hours, the list and the week, manual bookings,
outcomes, the intake answers (for some eyes only) and the calendar feed."""

from datetime import time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from booking.models import Booking, CalendarFeed, OpeningHours, TimeOff
from booking.services import purge_old_intake_answers
from tests.booking.factories import BookingFactory, at, next_weekday
from tests.html import loaded_version, parse

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:booking_booking_changelist")


def test_the_list_shows_upcoming_sessions_first_soonest_on_top(
    admin_client, session_type
):
    later = BookingFactory(
        session_type=session_type,
        starts_at=at(next_weekday(1, weeks_ahead=2), 9),
        name="Later",
    )
    sooner = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(1), 9), name="Eerder"
    )
    BookingFactory(
        session_type=session_type,
        starts_at=timezone.now() - timedelta(days=3),
        name="Voorbij",
    )

    upcoming = parse(admin_client.get(CHANGELIST))
    past = parse(admin_client.get(CHANGELIST, {"when": "past"}))

    names = [cell.get_text() for cell in upcoming.select("td.field-name")]
    assert names == [sooner.name, later.name]
    assert [cell.get_text() for cell in past.select("td.field-name")] == ["Voorbij"]


def test_the_week_view_shows_hours_time_off_and_sessions(admin_client, session_type):
    monday = next_weekday(0)
    BookingFactory(session_type=session_type, starts_at=at(monday, 10), name="Marloes")
    TimeOff.objects.create(
        starts_at=at(monday + timedelta(days=2), 0),
        ends_at=at(monday + timedelta(days=3), 0),
        note="Studiedag",
    )

    soup = parse(
        admin_client.get(
            reverse("admin:booking_booking_week"), {"week": monday.isoformat()}
        )
    )

    cells = soup.select("table.week tbody td")
    assert len(cells) == 7
    assert (
        "10:00\u201311:00" in cells[0].get_text() and "Marloes" in cells[0].get_text()
    )
    assert "09:00\u201317:00" in cells[1].get_text()
    assert "Studiedag" in cells[2].get_text()
    assert "Gesloten" in cells[5].get_text()
    assert (
        admin_client.get(
            reverse("admin:booking_booking_week"), {"week": "nonsense"}
        ).status_code
        == 200
    )


def test_the_coach_books_a_session_by_hand_outside_the_opening_hours(
    admin_client, session_type, worker
):
    saturday = next_weekday(5)

    with worker.capture(execute=True):
        response = admin_client.post(
            reverse("admin:booking_booking_add"),
            {
                "session_type": session_type.pk,
                "starts_at_0": saturday.isoformat(),
                "starts_at_1": "10:00",
                "place": "online",
                "name": "Peter Jansen",
                "email": "peter@example.com",
                "phone": "",
            },
        )
    worker.run()

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.starts_at == at(saturday, 10)
    assert booking.booked_by_coach
    assert booking.meeting_url
    assert [message.to for message in mail.outbox] == [["peter@example.com"]]


def test_a_manual_booking_may_not_overlap_another(admin_client, session_type):
    day = next_weekday(1)
    BookingFactory(session_type=session_type, starts_at=at(day, 10))

    response = admin_client.post(
        reverse("admin:booking_booking_add"),
        {
            "session_type": session_type.pk,
            "starts_at_0": day.isoformat(),
            "starts_at_1": "10:30",
            "place": "online",
            "name": "Peter Jansen",
            "email": "peter@example.com",
        },
    )

    assert response.status_code == 200
    assert "overlapt met een andere sessie" in parse(response).get_text()
    assert Booking.objects.count() == 1


def test_the_coach_moves_a_session_and_the_client_hears_of_it(
    admin_client, session_type, worker
):
    booking = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(1), 10)
    )
    day = next_weekday(4)

    change = reverse("admin:booking_booking_change", args=[booking.pk])
    with worker.capture(execute=True):
        admin_client.post(
            change,
            {
                "starts_at_0": day.isoformat(),
                "starts_at_1": "15:00",
                "name": booking.name,
                "email": booking.email,
                "phone": "",
                **loaded_version(admin_client, change),
            },
        )
    worker.run()

    booking.refresh_from_db()
    assert booking.starts_at == at(day, 15)
    assert booking.sequence == 1
    assert [message.to for message in mail.outbox] == [[booking.email]]


def test_outcomes_apply_only_to_sessions_that_took_place(admin_client, session_type):
    past = BookingFactory(
        session_type=session_type, starts_at=timezone.now() - timedelta(days=1)
    )
    future = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(1), 10)
    )

    admin_client.post(
        CHANGELIST + "?when=all",
        {"action": "mark_no_show", "_selected_action": [past.pk, future.pk]},
    )

    past.refresh_from_db()
    future.refresh_from_db()
    assert past.status == Booking.Status.NO_SHOW
    assert future.status == Booking.Status.CONFIRMED


def test_cancelling_from_the_list_mails_the_client(admin_client, session_type, worker):
    booking = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(1), 10)
    )

    with worker.capture(execute=True):
        admin_client.post(
            CHANGELIST, {"action": "cancel", "_selected_action": [booking.pk]}
        )
    worker.run()

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert [message.to for message in mail.outbox] == [[booking.email]]


@pytest.fixture
def intake_booking(session_type):
    return BookingFactory(
        session_type=session_type,
        starts_at=at(next_weekday(1), 10),
        intake_answers={"Wat speelt er?": "Vertrouwen na een scheiding."},
    )


def staff_with(django_user_model, *codenames):
    user = django_user_model.objects.create_user(
        "assistent", password="x", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_intake_answers_only_for_staff_with_the_permission(
    client, django_user_model, intake_booking
):
    url = reverse("admin:booking_booking_change", args=[intake_booking.pk])
    user = staff_with(django_user_model, "view_booking", "change_booking")
    client.force_login(user)
    without = client.get(url).content.decode()

    user.user_permissions.add(Permission.objects.get(codename="view_intake"))
    client.force_login(django_user_model.objects.get(pk=user.pk))  # fresh permissions
    with_permission = client.get(url).content.decode()

    assert "Vertrouwen na een scheiding" not in without
    assert "Vertrouwen na een scheiding" in with_permission


def test_intake_answers_are_deleted_after_the_retention_time(session_type, settings):
    settings.BOOKING_INTAKE_KEPT_MONTHS = 12
    answers = {"Wat speelt er?": "Iets persoonlijks."}
    old = BookingFactory(
        session_type=session_type,
        starts_at=timezone.now() - timedelta(days=370),
        intake_answers=answers,
    )
    recent = BookingFactory(
        session_type=session_type,
        starts_at=timezone.now() - timedelta(days=300),
        intake_answers=answers,
    )

    assert purge_old_intake_answers() == 1
    assert purge_old_intake_answers() == 0  # idempotent

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.intake_answers == {}
    assert recent.intake_answers == answers


def test_the_calendar_feed_is_secret_and_can_be_renewed(
    client, admin_client, session_type
):
    booking = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(1), 10)
    )
    cancelled = BookingFactory(
        session_type=session_type,
        starts_at=at(next_weekday(2), 10),
        status=Booking.Status.CANCELLED,
    )
    admin_client.post(reverse("admin:booking_calendarfeed_add"), {})
    feed = CalendarFeed.objects.get()

    response = client.get(feed.get_absolute_url())
    calendar = Calendar.from_ical(response.content)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    assert uids == [f"{booking.uid}@localhost"]
    assert f"{cancelled.uid}@localhost" not in uids
    [event] = calendar.walk("VEVENT")
    assert booking.meeting_url in str(event["LOCATION"])
    assert booking.name in str(event["SUMMARY"])

    admin_client.post(
        reverse("admin:booking_calendarfeed_changelist"),
        {"action": "renew", "_selected_action": [feed.pk]},
    )

    assert client.get(feed.get_absolute_url()).status_code == 404
    assert client.get(CalendarFeed.objects.get().get_absolute_url()).status_code == 200
    assert client.get("/afspraak/agenda/geraden.ics").status_code == 404


def test_the_session_type_form_asks_an_address_for_sessions_in_person(admin_client):
    response = admin_client.post(
        reverse("admin:booking_sessiontype_add"),
        {
            "name": "Wandelcoaching", "slug": "wandelcoaching", "description": "",
            "is_active": "on", "position": 0, "duration_minutes": 60, "price": "80",
            "place": "in_person", "address": "", "buffer_before_minutes": 0,
            "buffer_after_minutes": 15, "minimum_notice_hours": 24,
            "booking_window_days": 60, "max_per_day": "", "intake_questions": "",
        },
    )  # fmt: skip

    assert response.status_code == 200
    assert "Vul het adres in" in parse(response).get_text()


def test_the_coach_adds_opening_hours(admin_client, db):
    response = admin_client.post(
        reverse("admin:booking_openinghours_add"),
        {"weekday": 0, "starts_at": "09:00", "ends_at": "12:00"},
    )
    backwards = admin_client.post(
        reverse("admin:booking_openinghours_add"),
        {"weekday": 1, "starts_at": "12:00", "ends_at": "09:00"},
    )

    assert response.status_code == 302
    assert backwards.status_code == 200  # refused with a message, not a 500
    assert list(
        OpeningHours.objects.values_list("weekday", "starts_at", "ends_at")
    ) == [(0, time(9), time(12))]


def test_an_empty_manual_booking_is_refused_with_messages(admin_client, session_type):
    response = admin_client.post(reverse("admin:booking_booking_add"), {})

    assert response.status_code == 200
    assert parse(response).select(".errorlist")
    assert not Booking.objects.exists()
