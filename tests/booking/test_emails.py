"""What client and coach receive: a confirmation with an invitation for the
calendar, the same event updated at every change, and never the intake answers."""

from datetime import timedelta
from email import message_from_bytes
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from booking import services
from booking.models import Booking
from core.models import SiteProfile
from tests.booking.calendars import event_of, invitations
from tests.booking.factories import at, next_weekday
from tests.booking.visitors import book

pytestmark = pytest.mark.django_db

ZONES = {
    "New York": ZoneInfo("America/New_York"),
    "Amsterdam": ZoneInfo("Europe/Amsterdam"),
}
SECRET = "Ik twijfel of ik mijn relatie moet beëindigen."


@pytest.fixture(autouse=True)
def coach(db):
    profile = SiteProfile.get_solo()
    profile.site_name = "Praktijk Sanne"
    profile.coach_name = "Sanne de Vries"
    profile.contact_email = "sanne@example.com"
    profile.save()


@pytest.fixture
def booked(client, session_type, worker, django_capture_on_commit_callbacks):
    """A booking by a visitor in New York, with the mails it sent."""
    session_type.intake_questions = "Wat speelt er?"
    session_type.save()
    start = at(next_weekday(2), 10)
    book(
        client, session_type, start, time_zone="America/New_York", intake_0=SECRET,
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip
    worker.run()
    return Booking.objects.get()


def sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def as_received(message):
    """The message as its bytes arrive: parsed back, like a mail program does."""
    return message_from_bytes(message.message().as_bytes())


def test_the_client_gets_a_confirmation_with_an_invitation(booked):
    [message] = sent_to("anouk@example.com")
    [(params, calendar)] = invitations(as_received(message))
    event = event_of(calendar)

    assert "Je afspraak is bevestigd" in message.subject
    assert params["method"] == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"{booked.uid}@localhost"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == booked.starts_at
    assert event["DTSTART"].to_ical().endswith(b"Z")  # UTC: right in every zone
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert str(event["LOCATION"]) == booked.meeting_url
    assert str(event["ORGANIZER"]) == "mailto:sanne@example.com"


def test_the_mail_shows_the_time_in_the_clients_zone_and_the_coachs(booked):
    [message] = sent_to("anouk@example.com")
    html = message.alternatives[0].content
    client_time = booked.starts_at.astimezone(ZONES["New York"]).strftime("%H:%M")
    coach_time = booked.starts_at.astimezone(ZONES["Amsterdam"]).strftime("%H:%M")

    for body in (message.body, html):
        assert f"{client_time}" in body and "New York (America)" in body
        assert f"{coach_time}" in body and "Amsterdam (Europe)" in body
        assert body.index("New York") < body.index("Amsterdam")  # theirs first
        assert booked.meeting_url in body
        assert "/afspraak/beheer/" in body


def test_the_coach_gets_notice_with_the_clients_time_second(booked):
    [message] = sent_to("sanne@example.com")
    [(_params, calendar)] = invitations(as_received(message))

    assert "Nieuwe afspraak: Anouk de Vries" in message.subject
    assert message.body.index("Amsterdam") < message.body.index("New York")
    assert f"/admin/booking/booking/{booked.pk}/change/" in message.body
    assert "Anouk de Vries" in str(event_of(calendar)["SUMMARY"])


def test_intake_answers_never_go_into_an_email(booked):
    assert booked.intake_answers
    for message in mail.outbox:
        raw = message.message().as_bytes().decode("utf-8", "replace")
        assert "twijfel" not in raw
        assert "twijfel" not in message.body
        assert all("twijfel" not in body.content for body in message.alternatives)
    assert "in het beheer, niet in deze e-mail" in sent_to("sanne@example.com")[0].body


def test_a_move_updates_the_same_event_for_both_sides(booked, worker):
    mail.outbox.clear()
    new_start = booked.starts_at + timedelta(days=1, hours=2)

    with worker.capture(execute=True):
        services.reschedule_booking(booking=booked, starts_at=new_start)
    worker.run()

    for address in ("anouk@example.com", "sanne@example.com"):
        [message] = sent_to(address)
        [(params, calendar)] = invitations(as_received(message))
        event = event_of(calendar)
        assert params["method"] == "REQUEST"
        assert str(event["UID"]) == f"{booked.uid}@localhost"
        assert event["SEQUENCE"] == 1
        assert event.decoded("DTSTART") == new_start
    assert "verzet" in sent_to("anouk@example.com")[0].subject


def test_a_cancellation_cancels_the_same_event_for_both_sides(booked, worker):
    mail.outbox.clear()

    with worker.capture(execute=True):
        services.cancel_booking(booking=booked)
    worker.run()

    for address in ("anouk@example.com", "sanne@example.com"):
        [message] = sent_to(address)
        [(params, calendar)] = invitations(as_received(message))
        event = event_of(calendar)
        assert params["method"] == "CANCEL"
        assert calendar["METHOD"] == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["UID"]) == f"{booked.uid}@localhost"
        assert event["SEQUENCE"] == 1


def test_the_coach_is_not_told_what_the_coach_did(booked, worker):
    mail.outbox.clear()

    with worker.capture(execute=True):
        services.cancel_booking(booking=booked, by_coach=True)
    worker.run()

    assert [message.to for message in mail.outbox] == [["anouk@example.com"]]


def test_the_confirmation_arrives_at_a_real_smtp_server(
    client, session_type, worker, smtp_server, django_capture_on_commit_callbacks
):
    book(
        client,
        session_type,
        at(next_weekday(3), 11),
        capture=django_capture_on_commit_callbacks,
    )
    worker.run()

    [message] = smtp_server.mailbox.by_recipient()["anouk@example.com"]
    [(params, calendar)] = invitations(message)
    assert params["method"] == "REQUEST"
    assert message.get_content_type() == "multipart/mixed"
    booking = Booking.objects.get()
    assert event_of(calendar).decoded("DTSTART") == booking.starts_at
