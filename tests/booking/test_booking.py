"""Booking as a visitor: choose a type, a day and a time, fill in the form."""

import json
from datetime import time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from booking.links import manage_token
from booking.models import Booking, SessionType
from booking.times.visitor_week import instant_param
from core.protection import make_form_token
from tests.booking.factories import (
    BookingFactory,
    SessionTypeFactory,
    at,
    next_weekday,
)
from tests.booking.visitors import book, booking_data
from tests.html import check_page_head, parse

pytestmark = pytest.mark.django_db


def test_the_booking_page_lists_the_session_types_that_can_be_booked(
    client, session_type
):
    SessionTypeFactory(name="Oud aanbod", is_active=False)
    SessionTypeFactory(name="Gratis kennismaking", price=0, duration_minutes=30)

    soup = parse(client.get("/afspraak/"))

    check_page_head(soup, lang="nl", canonical="http://localhost:8000/afspraak/")
    names = [
        heading.get_text(strip=True) for heading in soup.select(".session-type h2")
    ]
    assert names == ["Gratis kennismaking", "Individuele sessie"]
    assert "Oud aanbod" not in soup.get_text()
    facts = soup.select_one(".session-type .session-facts").find_all("span")
    assert [fact.get_text(strip=True) for fact in facts] == [
        "30 minuten",
        "gratis",
        "Online",
    ]
    assert client.get("/en/book/").status_code == 200


def test_the_day_list_works_without_javascript_in_the_zone_asked_for(
    client, session_type
):
    monday = next_weekday(0)

    response = client.get(
        f"/afspraak/{session_type.slug}/", {"from": monday, "tz": "Asia/Tokyo"}
    )

    soup = parse(response)
    assert response.status_code == 200
    days = soup.select(".day")
    assert len(days) == 7
    assert days[0].h3.get_text() == date_format(monday, "l j F")  # in Dutch
    first = days[0].select_one(".times a")
    assert first.get_text() == "17:00"  # 9:00 in Amsterdam
    query = parse_qs(urlsplit(first["href"]).query)
    assert query["tz"] == ["Asia/Tokyo"]
    assert query["start"] == [instant_param(at(monday, 9))]
    assert "Tokyo (Asia)" in soup.select_one(".zone-note").get_text()
    assert soup.select_one("select[name=tz] option[selected]")["value"] == "Asia/Tokyo"


@pytest.mark.parametrize(
    "query",
    [
        {"tz": "Mars/Olympus_Mons"},
        {"tz": "../../etc/passwd"},
        {"from": "31-31-2026"},
        {"from": "1900-01-01", "tz": ""},
        {"from": "9999-12-31"},
    ],
)
def test_nonsense_in_the_address_shows_a_week_anyway(client, session_type, query):
    response = client.get(f"/afspraak/{session_type.slug}/", query)

    assert response.status_code == 200
    assert len(parse(response).select(".day")) == 7


def test_the_json_of_a_week_matches_the_page(client, session_type):
    monday = next_weekday(0)
    query = {"from": monday.isoformat(), "tz": "America/New_York"}

    page = parse(client.get(f"/afspraak/{session_type.slug}/", query))
    data = json.loads(
        client.get(f"/afspraak/{session_type.slug}/tijden/", query).content
    )

    assert data["time_zone"] == "America/New_York"
    page_links = [link["href"] for link in page.select(".times a")]
    json_links = [time["url"] for day in data["days"] for time in day["times"]]
    assert json_links == page_links
    assert data["days"][0]["times"][0]["label"] == "03:00"
    assert data["next"].startswith("?from=")


def test_the_json_of_a_week_follows_the_agenda_within_the_minute(client, session_type):
    monday = next_weekday(0)
    url, query = f"/afspraak/{session_type.slug}/tijden/", {"from": monday.isoformat()}

    def starts():
        data = json.loads(client.get(url, query).content)
        return [time["start"] for day in data["days"] for time in day["times"]]

    first = starts()
    BookingFactory(session_type=session_type, starts_at=at(monday, 9))
    after_booking = starts()
    session_type.is_active = False
    session_type.save()

    assert instant_param(at(monday, 9)) == first[0]
    assert first[0] not in after_booking
    assert after_booking == [start for start in first if start in after_booking]
    assert len(after_booking) < len(first)
    assert client.get(url, query).status_code == 404
    assert client.get(url, {"from": "2026-13-45 of zo"}).status_code == 404


def test_an_unknown_or_inactive_type_is_not_found(client, session_type):
    SessionTypeFactory(slug="gestopt", is_active=False)

    assert client.get("/afspraak/bestaat-niet/").status_code == 404
    assert client.get("/afspraak/gestopt/").status_code == 404
    assert client.get("/afspraak/gestopt/tijden/").status_code == 404


def test_the_form_shows_the_chosen_time_in_the_visitors_zone(client, session_type):
    start = at(next_weekday(2), 10)
    session_type.intake_questions = "Wat speelt er?\nWat hoop je te bereiken?"
    session_type.save()

    response = client.get(
        f"/afspraak/{session_type.slug}/gegevens/",
        {"start": instant_param(start), "tz": "America/New_York"},
    )

    soup = parse(response)
    assert response.status_code == 200
    assert "04:00" in soup.select_one(".booking-summary").get_text()
    assert "New York (America)" in soup.select_one(".booking-summary").get_text()
    labels = [label.get_text(strip=True) for label in soup.select(".intake label")]
    assert labels == ["Wat speelt er?", "Wat hoop je te bereiken?"]
    assert not soup.select("input[name=place]")  # online only: nothing to choose


def test_a_visitor_chooses_online_or_in_person_when_both_are_offered(
    client, session_type, django_capture_on_commit_callbacks
):
    session_type.place = SessionType.Place.EITHER
    session_type.address = "Oudegracht 112\nUtrecht"
    session_type.save()
    start = at(next_weekday(1), 11)

    response = book(
        client, session_type, start, place="in_person",
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.place == Booking.Place.IN_PERSON
    assert booking.meeting_url == ""


def test_a_booking_is_made_and_confirmed(
    client, session_type, django_capture_on_commit_callbacks
):
    session_type.intake_questions = "Wat speelt er?"
    session_type.save()
    start = at(next_weekday(2), 10)

    response = book(
        client, session_type, start,
        time_zone="Asia/Tokyo", phone="06 1234 5678",
        intake_0="Mijn partner en ik praten langs elkaar heen.",
        capture=django_capture_on_commit_callbacks,
    )  # fmt: skip

    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "booking:booked", args=[manage_token(booking)]
    )
    assert booking.starts_at == start
    assert booking.ends_at == start + timedelta(hours=1)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.time_zone == "Asia/Tokyo"
    assert booking.language == "nl"
    assert booking.phone == "06 1234 5678"
    assert booking.intake_answers == {
        "Wat speelt er?": "Mijn partner en ik praten langs elkaar heen."
    }
    room = booking.meeting_url.removeprefix("https://meet.jit.si/coachsite-")
    assert len(room) == 22  # 128 random bits
    page = parse(client.get(response["Location"]))
    assert "Je afspraak staat" in page.h1.get_text()
    assert page.find("a", href=booking.meeting_url)


def test_every_meeting_room_is_a_new_one(
    client, session_type, django_capture_on_commit_callbacks
):
    day = next_weekday(3)
    for hour, email in ((9, "een@example.com"), (11, "twee@example.com")):
        book(
            client,
            session_type,
            at(day, hour),
            email=email,
            capture=django_capture_on_commit_callbacks,
        )

    rooms = set(Booking.objects.values_list("meeting_url", flat=True))
    assert len(rooms) == 2


@pytest.mark.parametrize(
    ("start", "status", "message"),
    [
        ("garbage", 400, "niet aangeboden"),
        ("", 400, "niet aangeboden"),
        ("2026-02-30T10:00Z", 400, "niet aangeboden"),
        ("2026-12-07T10:00", 400, "niet aangeboden"),  # no zone: ambiguous
        ("0001-01-01T00:00Z", 400, "niet aangeboden"),
        ("x" * 5000, 400, "niet aangeboden"),
        ("past", 409, "net door iemand anders geboekt"),
        ("odd minute", 409, "net door iemand anders geboekt"),
        ("night", 409, "net door iemand anders geboekt"),
        ("too far", 409, "net door iemand anders geboekt"),
    ],
)
def test_a_time_not_on_offer_is_refused_clearly(
    client, session_type, start, status, message
):
    wednesday = next_weekday(2)
    moments = {
        "past": timezone.now() - timedelta(days=2),
        "odd minute": at(wednesday, 10, 10),
        "night": at(wednesday, 3),
        "too far": at(next_weekday(2, weeks_ahead=12), 10),
    }
    start = instant_param(moments[start]) if start in moments else start

    response = book(client, session_type, start)

    assert response.status_code == status
    assert message in " ".join(parse(response).get_text().split())
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Vul je naam in."),
        ({"name": "Anouk\r\nBcc: x@example.com"}, "name", "op één regel"),
        ({"email": "geen-adres"}, "email", "geen e-mailadres"),
        ({"consent": ""}, "consent", "Vink dit vakje aan"),
        ({"phone": "<script>"}, "phone", "alleen cijfers"),
        ({"place": "maan"}, None, None),  # not offered for this type: ignored
    ],
)
def test_bad_details_are_marked_and_nothing_is_booked(
    client, session_type, fields, field, message
):
    response = book(client, session_type, at(next_weekday(2), 10), **fields)

    if field is None:
        assert response.status_code == 302
        return
    soup = parse(response)
    assert response.status_code == 400
    assert message in soup.select_one(f"[data-field={field}]").get_text()
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"company": "Spam BV"},
        {"form_token": "vervalst"},
        {"form_token": ""},
    ],
)
def test_bots_book_nothing(client, session_type, fields, worker):
    response = book(client, session_type, at(next_weekday(2), 10), **fields)

    assert response.status_code == 400
    assert "verstuur het formulier opnieuw" in parse(response).get_text()
    assert not Booking.objects.exists()
    assert not worker.queued().exists()


def test_a_time_taken_meanwhile_offers_the_other_times(client, session_type):
    start = at(next_weekday(2), 10)
    BookingFactory(session_type=session_type, starts_at=start)

    response = book(client, session_type, start)

    soup = parse(response)
    assert response.status_code == 409
    assert (
        "Dit tijdstip is net door iemand anders geboekt"
        in soup.select_one("[role=alert]").get_text()
    )
    assert soup.select(".times a")  # choose another, right here
    assert Booking.objects.count() == 1


def test_a_link_to_a_time_no_longer_free_says_so(client, session_type):
    start = at(next_weekday(2), 10)
    BookingFactory(session_type=session_type, starts_at=start)

    response = client.get(
        f"/afspraak/{session_type.slug}/gegevens/", {"start": instant_param(start)}
    )

    assert response.status_code == 404
    assert (
        "niet (meer) beschikbaar"
        in parse(response).select_one("[role=alert]").get_text()
    )


def test_floods_of_bookings_are_slowed_down(client, session_type, settings):
    settings.BOOKING_RATE_LIMIT = (3, 600)
    day = next_weekday(2)

    statuses = [
        book(client, session_type, at(day, 9), name="").status_code for _ in range(4)
    ]

    assert statuses == [400, 400, 400, 429]
    assert book(client, session_type, at(day, 9), ip="10.9.9.9").status_code == 302


def test_the_english_pages_book_in_english(
    client, session_type, django_capture_on_commit_callbacks
):
    start = at(next_weekday(2), 10)
    url = reverse("booking:book", args=[session_type.slug]).replace(
        "/afspraak/", "/en/book/"
    )
    assert url.startswith("/en/book/") or url.startswith("/afspraak/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/book/{session_type.slug}/details/",
            booking_data(start),
            REMOTE_ADDR="10.3.3.3",
        )

    assert response.status_code == 302
    assert response["Location"].startswith("/en/book/booked/")
    assert Booking.objects.get().language == "en"


def test_the_slug_of_a_type_cannot_take_a_fixed_address(session_type):
    clashing = SessionType(name="Beheer", slug="beheer", duration_minutes=60)

    with pytest.raises(Exception) as refused:
        clashing.full_clean()

    assert "slug" in refused.value.message_dict


def test_sessions_in_person_need_an_address():
    session_type = SessionType(name="Praktijk", slug="praktijk", place="in_person")

    with pytest.raises(Exception) as refused:
        session_type.full_clean()

    assert "address" in refused.value.message_dict


def test_opening_hours_end_after_they_start(db):
    from django.db import IntegrityError, transaction

    from booking.models import OpeningHours

    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(weekday=0, starts_at=time(12), ends_at=time(9))


def test_the_booking_pages_are_in_the_sitemap_in_both_languages(client, session_type):
    SessionTypeFactory(slug="gestopt", is_active=False)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert "http://localhost:8000/afspraak/</loc>" in sitemap
    assert f"http://localhost:8000/afspraak/{session_type.slug}/</loc>" in sitemap
    assert f'href="http://localhost:8000/en/book/{session_type.slug}/"' in sitemap
    assert "gestopt" not in sitemap


def test_a_form_left_open_too_long_comes_back_filled_in(client, session_type):
    start = at(next_weekday(2), 10)
    stale = make_form_token(
        "booking", issued_at=timezone.now().timestamp() - 25 * 60 * 60
    )

    response = book(client, session_type, start, form_token=stale)

    soup = parse(response)
    assert response.status_code == 400
    assert "lang open" in soup.get_text()
    assert soup.select_one("input[name=name]")["value"] == "Anouk de Vries"
    assert not Booking.objects.exists()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.text(max_size=60),
    zone=st.one_of(st.text(max_size=70), st.sampled_from(["Asia/Tokyo", "UTC"])),
    day=st.text(max_size=30),
)
def test_no_address_or_form_input_gives_a_server_error(
    client, session_type, start, zone, day
):
    base = f"/afspraak/{session_type.slug}/"
    query = {"start": start, "tz": zone, "from": day}

    answers = [
        client.get(base, query),
        client.get(base + "tijden/", query),
        client.get(base + "gegevens/", query),
        book(client, session_type, start, time_zone=zone),
    ]

    assert all(answer.status_code < 500 for answer in answers)
    assert not Booking.objects.exists()
