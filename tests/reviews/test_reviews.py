"""Reviews from real clients: invited once after a session, written once through
the link, published by the coach, counted right."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from booking import services
from booking.links import manage_token
from booking.models import Booking
from core.protection import make_form_token
from reviews.links import WRITE
from reviews.models import Review, display_name_for
from reviews.services import hide_reviews, invite_overdue, publish_reviews
from reviews.summary import rating_summary
from reviews.tasks import send_review_invitation
from tests.booking.factories import BookingFactory, at, next_weekday
from tests.booking.visitors import book
from tests.html import parse
from tests.tokens import token_made_ago

pytestmark = pytest.mark.django_db


def past_booking(session_type, *, days_ago=2, **fields):
    return BookingFactory(
        session_type=session_type,
        starts_at=timezone.now().replace(minute=0, second=0, microsecond=0)
        - timedelta(days=days_ago),
        **fields,
    )


def invitations():
    return [
        message for message in mail.outbox if "Hoe was je sessie" in message.subject
    ]


def review_path(message):
    return re.search(r"https?://[^/\s]+(/beoordelingen/schrijven/\S+/)", message.body)[
        1
    ]


def link_for(booking):
    return reverse("reviews:write", args=[WRITE.token(str(booking.uid))])


def write(client, path, **fields):
    data = {
        "form_token": make_form_token(
            "review", issued_at=timezone.now().timestamp() - 30
        ),
        "company": "",
        "rating": "5",
        "text": "Sanne hielp ons weer naar elkaar te luisteren. Heel waardevol.",
        "display_name": "Anouk V.",
        "consent": "on",
        **fields,
    }
    return client.post(path, data, REMOTE_ADDR="10.4.4.4")


def published(**fields):
    defaults = {"source": "Google", "text": "Fijn.", "display_name": "Eline"}
    return Review.objects.create(
        status=Review.Status.PUBLISHED,
        published_at=timezone.now(),
        **{**defaults, **fields},
    )


# Invitations


def test_marking_a_session_completed_invites_the_client_once(
    admin_client, session_type, worker
):
    booking = past_booking(session_type)
    changelist = reverse("admin:booking_booking_changelist") + "?when=all"

    for _ in range(2):
        with worker.capture(execute=True):
            admin_client.post(
                changelist,
                {"action": "mark_completed", "_selected_action": [booking.pk]},
            )
        worker.run()

    [invitation] = invitations()
    assert invitation.to == [booking.email]
    assert review_path(invitation).startswith("/beoordelingen/schrijven/")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.COMPLETED
    assert booking.review_invited_at is not None


def test_a_session_nobody_marked_invites_by_itself_a_day_after(
    session_type, worker, settings
):
    two_days_ago = timezone.now().replace(
        minute=0, second=0, microsecond=0
    ) - timedelta(days=2)
    with worker.capture(execute=True):  # the coach enters a session held earlier
        booking = services.book_session(
            session_type=session_type,
            starts_at=two_days_ago,
            name="A",
            email="a@example.com",
            by_coach=True,
        )
    [task] = worker.queued("send_review_invitation")

    worker.run()

    assert task.run_after == booking.ends_at + timedelta(
        hours=settings.REVIEWS_INVITE_AFTER_HOURS
    )
    assert [message.to for message in invitations()] == [["a@example.com"]]


def test_the_invitation_for_a_session_to_come_waits(client, session_type, worker):
    book(client, session_type, at(next_weekday(2), 10), capture=worker.capture)

    worker.run()

    assert invitations() == []
    assert worker.queued("send_review_invitation").count() == 1


@pytest.mark.parametrize("status", [Booking.Status.CANCELLED, Booking.Status.NO_SHOW])
def test_no_invitation_for_a_session_that_did_not_take_place(
    session_type, worker, status
):
    booking = past_booking(session_type, status=status)

    send_review_invitation.call(booking.pk, booking.ends_at.isoformat())
    send_review_invitation.call(booking.pk)

    assert invitations() == []


def test_no_invitation_before_the_session_or_for_a_moved_one(session_type, worker):
    coming = BookingFactory(
        session_type=session_type, starts_at=at(next_weekday(2), 10)
    )
    moved = past_booking(session_type)

    send_review_invitation.call(coming.pk)
    send_review_invitation.call(
        moved.pk, (moved.ends_at - timedelta(days=1)).isoformat()
    )

    assert invitations() == []
    send_review_invitation.call(moved.pk, moved.ends_at.isoformat())
    assert len(invitations()) == 1


def test_housekeeping_invites_after_a_session_whose_invitation_got_lost(
    session_type, worker
):
    lost = past_booking(session_type, days_ago=2)
    long_ago = past_booking(session_type, days_ago=30)
    invited = past_booking(session_type, days_ago=3, review_invited_at=timezone.now())
    past_booking(session_type, days_ago=4, status=Booking.Status.CANCELLED)

    with worker.capture(execute=True):
        asked = invite_overdue()
    worker.run()

    assert asked == 1
    assert [message.to for message in invitations()] == [[lost.email]]
    assert invite_overdue() == 0  # claimed: asked once
    long_ago.refresh_from_db()
    invited.refresh_from_db()
    assert long_ago.review_invited_at is None  # older sessions are left in peace


# Writing


def test_a_client_writes_a_review_through_the_link(
    client, session_type, worker, demo_site
):
    booking = past_booking(
        session_type, name="Anouk de Vries", status=Booking.Status.COMPLETED
    )
    path = link_for(booking)

    form = parse(client.get(path))
    with worker.capture(execute=True):
        response = write(client, path, rating="4", display_name="Anouk V.")
    worker.run()

    assert form.select_one("input[name=display_name]")["value"] == "Anouk V."
    assert len(form.select("fieldset input[type=radio][name=rating]")) == 5
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.booking, review.rating, review.verified) == (booking, 4, True)
    assert review.status == Review.Status.PENDING
    assert review.session_month == timezone.localdate(booking.starts_at).replace(day=1)
    assert review.consent_at is not None
    [notice] = [
        message for message in mail.outbox if "wacht op goedkeuring" in message.subject
    ]
    assert f"/admin/reviews/review/{review.pk}/change/" in notice.body
    assert "Anouk V." not in client.get("/beoordelingen/").content.decode()  # not yet


def test_the_link_works_once(client, session_type):
    booking = past_booking(session_type)
    path = link_for(booking)
    write(client, path)

    again = write(client, path, text="Nog een keer, met een andere tekst dan eerst.")

    assert Review.objects.count() == 1
    assert "al een beoordeling geschreven" in parse(client.get(path)).get_text()
    assert again.status_code in (200, 302)


@pytest.mark.parametrize(
    "make_path",
    [
        lambda booking: "/beoordelingen/schrijven/vervalst/",
        lambda booking: reverse("reviews:write", args=[manage_token(booking)]),
        lambda booking: reverse(
            "reviews:write",
            args=[token_made_ago(WRITE, str(booking.uid), seconds=61 * 86400)],
        ),
    ],
    ids=["forged", "another purpose", "expired"],
)
def test_a_bad_link_writes_nothing(client, session_type, make_path):
    booking = past_booking(session_type)
    path = make_path(booking)

    assert client.get(path).status_code == 404
    assert write(client, path).status_code == 404
    assert not Review.objects.exists()


def test_a_cancelled_booking_cannot_be_reviewed(client, session_type):
    booking = past_booking(session_type, status=Booking.Status.CANCELLED)

    assert client.get(link_for(booking)).status_code == 404


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rating": ""}, "Kies één tot vijf sterren"),
        ({"rating": "6"}, "Selecteer een geldige keuze"),
        ({"text": "Goed."}, "minstens een zin of twee"),
        ({"consent": ""}, "Vink dit vakje aan"),
        ({"display_name": ""}, "Vul een naam in"),
    ],
)
def test_a_review_with_something_missing_comes_back_marked(
    client, session_type, fields, message
):
    booking = past_booking(session_type)

    response = write(client, link_for(booking), **fields)

    assert response.status_code == 400
    assert message in parse(response).get_text()
    assert not Review.objects.exists()


def test_display_names_are_first_name_and_initial():
    assert display_name_for("Anouk de Vries") == "Anouk V."
    assert display_name_for("Tim") == "Tim"
    assert display_name_for("  esra   yilmaz ") == "esra Y."


# Publishing and the figures


def test_the_average_follows_approving_hiding_and_deleting(client, session_type):
    five = published(rating=5)
    published(rating=4)
    waiting = Review.objects.create(
        rating=1, text="Niet goed.", display_name="X", source="Google"
    )

    assert (rating_summary().average, rating_summary().count) == (4.5, 2)
    publish_reviews(reviews=[waiting])
    assert (round(rating_summary().average, 2), rating_summary().count) == (3.33, 3)
    hide_reviews(reviews=[waiting])
    assert rating_summary().count == 2
    five.delete()
    assert (rating_summary().average, rating_summary().count) == (4.0, 1)
    assert rating_summary().stars == {5: 0, 4: 1, 3: 0, 2: 0, 1: 0}


def test_the_reviews_page_in_dutch_and_english(client, session_type):
    for rating in (5, 5, 4, 5):
        published(rating=rating)

    dutch = parse(client.get("/beoordelingen/"))
    english = parse(client.get("/en/reviews/"))

    assert "4,8" in dutch.select_one(".rating-overview").get_text()
    assert (
        "gebaseerd op 4 beoordelingen"
        in dutch.select_one(".rating-overview").get_text()
    )
    assert "4.8" in english.select_one(".rating-overview").get_text()
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in dutch.select(".rating-distribution tr")
    ]
    assert [(row[0], row[-1]) for row in rows] == [
        ("5 sterren", "3"),
        ("4 sterren", "1"),
        ("3 sterren", "0"),
        ("2 sterren", "0"),
        ("1 ster", "0"),
    ]


def test_verified_and_outside_reviews_are_labelled_and_replies_shown(
    client, session_type
):
    booking = past_booking(session_type, days_ago=40)
    month = timezone.localdate(booking.starts_at).replace(day=1)
    published(
        rating=5, verified=True, booking=booking, source="", session_month=month,
        display_name="Anouk V.", reply="Dank je wel, Anouk!",
    )  # fmt: skip
    published(rating=4, source="Google", display_name="Bas")

    page = parse(client.get("/beoordelingen/"))

    by_name = {
        review.select_one(".review-author").get_text(): review
        for review in page.select(".review-list .review")
    }
    verified, outside = by_name["Anouk V."], by_name["Bas"]
    assert "geverifieerde cliënt" in verified.get_text()
    assert "sessie in" in verified.get_text()
    assert "Dank je wel, Anouk!" in verified.select_one(".review-reply").get_text()
    assert "via Google" in outside.get_text()
    policy = page.select_one(".review-policy").get_text()
    assert "24 uur na de sessie" in policy and "60 dagen" in policy
    assert "Google" in policy  # outside reviews exist, so the page says how they differ


def test_the_policy_follows_the_settings(client, session_type, settings):
    settings.REVIEWS_INVITE_AFTER_HOURS = 48
    settings.REVIEWS_LINK_DAYS = 30

    policy = (
        parse(client.get("/beoordelingen/")).select_one(".review-policy").get_text()
    )

    assert "48 uur na de sessie" in policy and "30 dagen" in policy
    assert "Google" not in policy


def test_the_reviews_list_is_paginated_newest_first(client, settings):
    settings.REVIEWS_PER_PAGE = 3
    for number in range(5):
        review = published(rating=5, display_name=f"Lezer {number}")
        Review.objects.filter(pk=review.pk).update(
            published_at=timezone.now() - timedelta(days=number)
        )

    first = parse(client.get("/beoordelingen/"))
    second = parse(client.get("/beoordelingen/?page=2"))

    names = lambda page: [name.get_text() for name in page.select(".review-author")]  # noqa: E731
    assert names(first) == ["Lezer 0", "Lezer 1", "Lezer 2"]
    assert names(second) == ["Lezer 3", "Lezer 4"]


def test_a_review_from_elsewhere_needs_its_source(admin_client, db):
    data = {
        "status": "published",
        "rating": 5,
        "text": "Top.",
        "display_name": "Bas",
        "reply": "",
        "source": "",
        "session_month": "",
    }

    refused = admin_client.post(reverse("admin:reviews_review_add"), data)
    accepted = admin_client.post(
        reverse("admin:reviews_review_add"), {**data, "source": "Google"}
    )

    assert "Geef aan waar deze beoordeling is gegeven" in parse(refused).get_text()
    assert accepted.status_code == 302
    review = Review.objects.get()
    assert (review.verified, review.source, review.published_at is not None) == (
        False,
        "Google",
        True,
    )


def test_the_coach_cannot_change_a_clients_words(admin_client, session_type):
    review = published(
        rating=2, verified=True, booking=past_booking(session_type), source=""
    )

    page = parse(
        admin_client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    )

    assert page.select_one("textarea[name=reply]")
    assert not page.select_one("textarea[name=text]")
    assert not page.select_one("[name=rating]")


# Where the rating shows, and what search engines get


def json_ld(page):
    return [
        json.loads(script.string)
        for script in page.select("script[type='application/ld+json']")
    ]


def test_no_self_serving_rating_markup_anywhere(client, demo_site, session_type):
    published(rating=5)

    for path in ("/", "/beoordelingen/", "/over-mij/", "/afspraak/"):
        page = client.get(path).content.decode()
        assert "AggregateRating" not in page and '"Review"' not in page, path


def test_the_home_page_describes_the_practice_for_search_engines(client, demo_site):
    [data] = json_ld(parse(client.get("/")))

    assert data["@type"] == "ProfessionalService"
    assert data["url"] == "http://localhost:8000/"
    assert data["founder"]["@type"] == "Person"
    assert data["sameAs"]
    assert "aggregateRating" not in data


def test_the_about_page_is_a_profile_page(client, demo_site):
    [data] = json_ld(parse(client.get("/over-mij/")))

    assert data["@type"] == "ProfilePage"
    assert data["mainEntity"]["@type"] == "Person"
