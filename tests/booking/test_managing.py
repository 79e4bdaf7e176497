"""The client's own link: move to another free time or cancel, until the notice."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from booking.links import manage_token
from booking.models import Booking
from booking.times.visitor_week import instant_param
from core.models import SiteProfile
from newsletter import links as newsletter_links
from tests.booking.factories import BookingFactory, at, next_weekday
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(session_type):
    return BookingFactory(
        session_type=session_type,
        starts_at=at(next_weekday(2), 10),
        time_zone="Asia/Tokyo",
    )


def manage_path(booking, *rest):
    return f"/afspraak/beheer/{manage_token(booking)}/" + "".join(rest)


def test_the_manage_page_shows_the_booking_and_free_times_to_move_to(client, booking):
    soup = parse(client.get(manage_path(booking)))

    details = soup.select_one(".booking-details").get_text()
    assert "Tokyo (Asia)" in details
    assert "18:00" in details  # 10:00 in Amsterdam
    links = [link["href"] for link in soup.select(".times a")]
    assert links
    assert all(
        re.match(r"/afspraak/beheer/[^/]+/verzetten/\?start=", link) for link in links
    )
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


def test_a_client_moves_to_another_free_time(client, booking, worker):
    new_start = at(next_weekday(3), 14)
    path = manage_path(booking, "verzetten/")

    confirm = client.get(path, {"start": instant_param(new_start)})
    with worker.capture(execute=True):
        response = client.post(path, {"start": instant_param(new_start)})

    assert "22:00" in parse(confirm).select_one(".confirm-form").get_text()  # Tokyo
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == new_start
    assert booking.ends_at == new_start + timedelta(hours=1)
    assert booking.sequence == 1
    page = parse(client.get(response["Location"]))
    assert "Je afspraak is verzet" in page.select_one(".messages").get_text()


def test_a_client_cannot_move_to_a_time_that_is_not_free(client, booking, session_type):
    other = BookingFactory(session_type=session_type, starts_at=at(next_weekday(3), 9))

    response = client.post(
        manage_path(booking, "verzetten/"), {"start": instant_param(other.starts_at)}
    )

    assert response.status_code == 409
    assert "net door iemand anders geboekt" in parse(response).get_text()
    booking.refresh_from_db()
    assert booking.sequence == 0


def test_a_client_cancels(client, booking, worker):
    confirm = client.get(manage_path(booking, "annuleren/"))
    with worker.capture(execute=True):
        response = client.post(manage_path(booking, "annuleren/"))

    assert "Afspraak annuleren?" in parse(confirm).h1.get_text()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert booking.cancelled_at is not None
    page = parse(client.get(response["Location"]))
    assert "Maak een nieuwe afspraak" in page.get_text()
    assert not page.select(".times a")


def test_after_the_notice_the_page_explains_how_to_reach_the_coach(
    client, session_type
):
    profile = SiteProfile.get_solo()
    profile.phone, profile.contact_email = "030 123 45 67", "sanne@example.com"
    profile.save()
    soon = BookingFactory(
        session_type=session_type, starts_at=timezone.now() + timedelta(hours=5)
    )

    page = parse(client.get(manage_path(soon)))
    move = client.post(
        manage_path(soon, "verzetten/"),
        {"start": instant_param(at(next_weekday(3), 9))},
    )
    cancel = client.post(manage_path(soon, "annuleren/"))

    assert "24 uur voor het begin" in page.get_text()
    assert page.find("a", href="tel:0301234567")
    assert page.find("a", href="mailto:sanne@example.com")
    assert not page.select(".times a")
    assert move.status_code == cancel.status_code == 409
    assert "niet meer online worden gewijzigd" in parse(cancel).get_text()
    soon.refresh_from_db()
    assert soon.status == Booking.Status.CONFIRMED


@pytest.mark.parametrize(
    "path",
    [
        "/afspraak/beheer/vervalst/",
        "/afspraak/beheer/vervalst/annuleren/",
        "/afspraak/beheer/vervalst/verzetten/?start=2026-12-01T10:00Z",
        "/afspraak/beheer/vervalst/afspraak.ics",
        "/afspraak/geboekt/vervalst/",
    ],
)
def test_a_forged_link_changes_nothing(client, booking, path):
    response = client.post(path) if "ics" not in path else client.get(path)

    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_a_link_for_one_booking_is_worthless_for_another_purpose(client, booking):
    wrong_purpose = newsletter_links.CONFIRM.token(str(booking.uid))

    assert client.get(f"/afspraak/beheer/{wrong_purpose}/").status_code == 404


@pytest.mark.parametrize("start", ["gisteren", "", "2026-13-01T10:00Z"])
def test_nonsense_times_to_move_to_are_refused(client, booking, start):
    response = client.post(manage_path(booking, "verzetten/"), {"start": start})

    assert response.status_code == 400
    assert "niet aangeboden" in parse(response).get_text()


def test_the_invitation_can_be_downloaded(client, booking):
    response = client.get(manage_path(booking, "afspraak.ics"))

    calendar = Calendar.from_ical(response.content)
    assert response["Content-Type"].startswith("text/calendar")
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"{booking.uid}@localhost"
