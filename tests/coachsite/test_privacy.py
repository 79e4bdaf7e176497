"""Privacy requests: export everything about an address, and forget it."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment
from booking.models import Booking
from newsletter.models import Campaign, Delivery, Subscriber
from reviews.models import Review
from tests.blog.factories import published_post
from tests.booking.factories import BookingFactory
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

EMAIL = "anouk@example.com"


@pytest.fixture
def anouk():
    """Anouk commented, replied, subscribed, booked twice and wrote a review;
    someone else did the same things beside her."""
    post = published_post(title="Vertrouwen")
    question = Comment.objects.create(
        post=post, name="Anouk", email=EMAIL, body="Mijn vraag.",
        status=Comment.Status.APPROVED, ip_hash="ab" * 32, website="https://anouk.nl",
    )  # fmt: skip
    Comment.objects.create(
        post=post, parent=question, name="Coach", email="coach@example.com",
        body="Mijn antwoord.", status=Comment.Status.APPROVED,
    )  # fmt: skip
    Comment.objects.create(
        post=post, name="Anouk", email="ANOUK@example.com", body="Nog"
    )
    Comment.objects.create(post=post, name="Bram", email="bram@example.com", body="Hoi")
    subscriber = SubscriberFactory(email=EMAIL, first_name="Anouk")
    SubscriberFactory(email="bram@example.com")
    campaign = CampaignFactory(subject="Over grenzen", status=Campaign.Status.SENT)
    Delivery.objects.create(
        campaign=campaign, subscriber=subscriber, message_id="<1@x>",
        status=Delivery.Status.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    past = BookingFactory(
        email=EMAIL, phone="0612345678", intake_answers={"vraag": "Mijn relatie"},
        starts_at=timezone.now() - timedelta(days=7), status=Booking.Status.COMPLETED,
    )  # fmt: skip
    BookingFactory(email=EMAIL, starts_at=timezone.now() + timedelta(days=7))
    BookingFactory(
        email="bram@example.com", starts_at=timezone.now() + timedelta(days=9)
    )
    Review.objects.create(
        booking=past, rating=5, text="Fijn.", display_name="Anouk V.", verified=True
    )
    return question


def export(email=EMAIL):
    out = io.StringIO()
    call_command("privacy_export", email, stdout=out)
    return json.loads(out.getvalue())


def test_the_export_holds_everything_about_the_address_and_nothing_else(anouk):
    data = export("Anouk@Example.com")  # as the person happens to write it

    assert {comment["body"] for comment in data["comments"]} == {"Mijn vraag.", "Nog"}
    assert data["comments"][0]["url"].startswith("/blog/")
    assert data["newsletter"]["first_name"] == "Anouk"
    assert data["newsletter"]["consent_version"] == "2026-11"
    assert data["newsletter"]["confirmed_at"]
    assert data["newsletter"]["mailings_received"][0]["subject"] == "Over grenzen"
    assert len(data["bookings"]) == 2
    assert {booking["phone"] for booking in data["bookings"]} == {"0612345678", ""}
    assert {"vraag": "Mijn relatie"} in [b["intake_answers"] for b in data["bookings"]]
    assert data["bookings"][0]["session_type"].startswith("Sessie")
    assert [review["text"] for review in data["reviews"]] == ["Fijn."]
    assert "bram@example.com" not in json.dumps(data)


def test_an_unknown_address_exports_empty(db):
    data = export("niemand@example.com")

    assert data["comments"] == data["bookings"] == data["reviews"] == []
    assert data["newsletter"] is None


def test_erasing_forgets_the_person_and_keeps_what_accounting_needs(anouk):
    out = io.StringIO()
    call_command("privacy_erase", EMAIL, interactive=False, stdout=out)

    assert "1 comments deleted" in out.getvalue()
    after = export()
    assert after["comments"] == after["reviews"] == []
    assert after["newsletter"] is None and after["bookings"] == []
    # The question others answered keeps its place, emptied.
    anouk.refresh_from_db()
    assert (anouk.name, anouk.email, anouk.body, anouk.ip_hash) == ("—", "", "", "")
    assert anouk.replies.get().body == "Mijn antwoord."
    # The bookings stay for the accounts, with nothing but date, kind and name.
    bookings = Booking.objects.exclude(email="bram@example.com").order_by("starts_at")
    assert [b.status for b in bookings] == [
        Booking.Status.COMPLETED, Booking.Status.CANCELLED,
    ]  # fmt: skip
    assert all(
        (b.email, b.phone, b.intake_answers, b.meeting_url) == ("", "", {}, "")
        for b in bookings
    )
    assert all(b.name == "Anouk de Vries" for b in bookings)
    # Nobody else lost anything.
    assert Comment.objects.filter(email="bram@example.com").exists()
    assert Subscriber.objects.filter(email="bram@example.com").exists()
    assert Booking.objects.get(email="bram@example.com").status == "confirmed"
    assert Delivery.objects.count() == 0


def test_erasing_asks_first(anouk, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "nee")

    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("privacy_erase", EMAIL, stdout=io.StringIO())
    assert Subscriber.objects.filter(email=EMAIL).exists()


def test_the_coach_exports_from_the_admin(admin_client, anouk):
    response = admin_client.post(
        reverse("admin:newsletter_subscriber_changelist"),
        {
            "action": "export_personal_data",
            "_selected_action": Subscriber.objects.filter(email=EMAIL).values_list(
                "pk", flat=True
            ),
        },
    )

    assert (
        response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    )
    data = json.loads(response.content)
    assert list(data) == [EMAIL]
    assert len(data[EMAIL]["bookings"]) == 2


def test_the_coach_erases_from_the_admin_after_confirming(admin_client, anouk):
    url = reverse("admin:reviews_review_changelist")
    selected = {
        "action": "erase_personal_data",
        "_selected_action": Review.objects.values_list("pk", flat=True),
    }

    confirm = admin_client.post(url, selected)
    assert confirm.status_code == 200
    assert EMAIL in confirm.content.decode()
    assert "Ja, wis het" in confirm.content.decode()
    assert Review.objects.exists()  # nothing happened yet

    done = admin_client.post(url, {**selected, "confirmed": "yes"}, follow=True)

    assert "Alles over 1 persoon is gewist." in done.content.decode()
    assert not Review.objects.exists()
    assert not Subscriber.objects.filter(email=EMAIL).exists()
