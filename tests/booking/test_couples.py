"""A couples session as two people: the partner gets their own confirmation,
calendar invitation and link, answers the intake alone, and both hear of a
cancellation, whoever cancels. Through a real SMTP server."""

import re

import pytest
from django.urls import reverse

from booking import services
from booking.links import find_current_booking
from booking.models import Booking
from tests.booking.factories import SessionTypeFactory, at, next_weekday, open_on
from tests.booking.visitors import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def couples(db):
    open_on()
    return SessionTypeFactory(
        name="Sessie voor stellen",
        slug="stellen",
        for_couples=True,
        intake_questions="Waar lopen jullie tegenaan?",
    )


def text_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no text part")


def link(message, tail=""):
    """The path of the mail's link to the booking's page (+ `tail`)."""
    pattern = rf"https?://[^/\s]+(/afspraak/beheer/[^/\s]+/{tail})"
    return re.search(pattern, text_of(message))[1]


def attachments(message):
    return [part.get_content_type() for part in message.walk()]


def booked_for_two(client, couples, capture, **fields):
    response = book(
        client, couples, at(next_weekday(3), 11), capture=capture,
        partner_name="Esra Yilmaz", partner_email="esra@example.com",
        intake_0="We praten langs elkaar heen.", **fields,
    )  # fmt: skip
    assert response.status_code == 302, response.content
    return Booking.objects.get()


def test_the_partner_gets_their_own_confirmation_invitation_and_link(
    client, couples, worker, smtp_server, django_capture_on_commit_callbacks
):
    booking = booked_for_two(client, couples, django_capture_on_commit_callbacks)
    worker.run()

    received = smtp_server.mailbox.by_recipient()
    [to_client] = received["anouk@example.com"]
    [to_partner] = received["esra@example.com"]
    assert "text/calendar" in attachments(to_partner)
    assert "Anouk de Vries" in to_partner["Subject"]
    assert "Hallo Esra Yilmaz" in text_of(to_partner)
    client_link, partner_link = link(to_client), link(to_partner)
    assert client_link != partner_link
    # Neither mail carries the intake answers; the partner's link opens the
    # same session, without the client's invoices or withdrawal.
    assert "langs elkaar" not in text_of(to_client) + text_of(to_partner)
    token = partner_link.rstrip("/").rsplit("/", 1)[1]
    found = find_current_booking(str(booking.partner_uid))
    assert found.pk == booking.pk and found.for_partner
    page = client.get(partner_link)
    assert page.status_code == 200
    assert reverse("booking:withdraw", args=[token]) not in page.text
    assert "langs elkaar" not in page.text


def test_the_partner_answers_the_intake_alone(
    client, couples, worker, smtp_server, django_capture_on_commit_callbacks
):
    booking = booked_for_two(client, couples, django_capture_on_commit_callbacks)
    worker.run()
    [to_partner] = smtp_server.mailbox.by_recipient()["esra@example.com"]
    url = link(to_partner, "vragen/")

    refused = client.post(url, {"intake_0": "Ik voel me niet gehoord."})
    assert refused.status_code == 400  # no consent, nothing kept
    assert client.post(url, {"intake_0": "Ik voel me niet gehoord.", "consent": "on"})

    booking.refresh_from_db()
    assert booking.partner_intake_answers == {
        "Waar lopen jullie tegenaan?": "Ik voel me niet gehoord."
    }
    assert booking.partner_consent_at is not None
    assert booking.intake_answers == {
        "Waar lopen jullie tegenaan?": "We praten langs elkaar heen."
    }
    # The client's own link does not open the partner's questions.
    client_token = (
        link(smtp_server.mailbox.by_recipient()["anouk@example.com"][0])
        .rstrip("/")
        .rsplit("/", 1)[1]
    )
    response = client.get(reverse("booking:partner_intake", args=[client_token]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["anouk@example.com", "esra@example.com"])
def test_cancelling_by_either_side_tells_both(
    client, couples, worker, smtp_server, django_capture_on_commit_callbacks, who
):
    booked_for_two(client, couples, django_capture_on_commit_callbacks)
    worker.run()
    [confirmation] = smtp_server.mailbox.by_recipient()[who]
    cancel = link(confirmation) + "annuleren/"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(cancel).status_code == 302
    worker.run()

    assert Booking.objects.get().status == Booking.Status.CANCELLED
    received = smtp_server.mailbox.by_recipient()
    for person in ("anouk@example.com", "esra@example.com"):
        assert len(received[person]) == 2
        assert "text/calendar" in attachments(received[person][-1])


def test_the_partner_is_optional_and_never_the_client_twice(client, couples):
    response = book(
        client, couples, at(next_weekday(3), 11), partner_email="ANOUK@example.com"
    )
    assert response.status_code == 400
    assert "partner_email" in response.context["form"].errors

    book(client, couples, at(next_weekday(3), 11))
    booking = Booking.objects.get()
    assert booking.partner_email == "" and booking.partner_uid is None


def test_other_sessions_do_not_ask_for_a_partner(client):
    open_on()
    single = SessionTypeFactory()
    start = at(next_weekday(3), 11)
    page = client.get(
        reverse("booking:book", args=[single.slug]), {"start": start.isoformat()}
    )
    assert 'name="partner_email"' not in page.text
    assert (
        services.book_session(
            session_type=single, starts_at=start, name="A", email="a@example.com"
        ).partner_uid
        is None
    )
