"""Double opt-in: sign up, confirm by e-mail, and never reveal who is on the list."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from core.protection import make_form_token
from newsletter import services
from newsletter.links import CONFIRM, MANAGE
from newsletter.models import Subscriber
from tests.html import parse
from tests.newsletter.factories import SubscriberFactory
from tests.tokens import token_made_ago

pytestmark = pytest.mark.django_db


def sign_up(client, django_capture_on_commit_callbacks, *, ip="10.1.1.1", **fields):
    data = {
        "form_token": make_form_token("newsletter", issued_at=time.time() - 10),
        "company": "",
        "email": "anouk@example.com",
        "first_name": "Anouk",
        "new_posts": "each",
        "consent": "on",
        "source": "/blog/jaloezie/",
        **fields,
    }
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("newsletter:subscribe"), data, REMOTE_ADDR=ip)


def confirm_link(message):
    return re.search(
        r"http://localhost:8000(/nieuwsbrief/bevestigen/\S+/)", message.body
    )[1]


def test_every_page_has_the_sign_up_form_in_its_footer(client, demo_site):
    footer = parse(client.get("/over-mij/")).find("footer")

    form = footer.find("form", action="/nieuwsbrief/")
    assert form.find("input", attrs={"name": "email"})
    assert form.find("input", attrs={"name": "source"})["value"] == "/over-mij/"
    assert "Schrijf je in voor mijn nieuwsbrief" in footer.get_text()


def test_the_newsletter_page_explains_and_asks_how_often(client, demo_site):
    soup = parse(client.get("/nieuwsbrief/"))

    assert soup.h1.get_text() == "Mis niets"
    assert soup.find("input", attrs={"name": "new_posts", "value": "weekly"})
    assert not soup.find("footer").find("form")  # not twice on one page
    assert client.get("/en/newsletter/").status_code == 200


def test_signing_up_sends_a_confirmation_that_confirms(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(
        client, django_capture_on_commit_callbacks, email=" Anouk@Example.COM "
    )

    assert response.url == "/nieuwsbrief/bedankt/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "anouk@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    (message,) = mail.outbox
    assert message.to == ["anouk@example.com"]
    assert message.subject.startswith("Bevestig je inschrijving")

    scanned = client.get(confirm_link(message))  # mail scanners open every link
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert "Bevestig je inschrijving" in scanned.content.decode()

    page = client.post(confirm_link(message))

    assert "Je bent ingeschreven" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_a_sign_up_by_anyone_cannot_undo_an_unsubscribe(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(
        email="anouk@example.com",
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=timezone.now() - timedelta(days=40),
        subscribed_at=timezone.now() - timedelta(days=400),
    )

    sign_up(client, django_capture_on_commit_callbacks, email="anouk@example.com")
    purged = services.purge_unconfirmed()

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert purged == 0  # housekeeping keeps the unsubscribe
    (message,) = mail.outbox
    client.post(confirm_link(message))  # only the owner of the address can
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_the_consent_is_recorded(client, django_capture_on_commit_callbacks, settings):
    sign_up(client, django_capture_on_commit_callbacks)

    subscriber = Subscriber.objects.get()
    assert subscriber.consent_source == "/blog/jaloezie/"
    assert subscriber.consent_version == settings.NEWSLETTER_CONSENT_VERSION
    assert subscriber.subscribed_at is not None
    assert subscriber.language == "nl"


def test_the_answer_is_the_same_whoever_is_on_the_list(
    client, django_capture_on_commit_callbacks
):
    SubscriberFactory(email="bekend@example.com")

    known = sign_up(
        client, django_capture_on_commit_callbacks, email="bekend@example.com"
    )
    unknown = sign_up(
        client,
        django_capture_on_commit_callbacks,
        email="nieuw@example.com",
        ip="10.1.1.2",
    )

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [message.to for message in mail.outbox] == [["nieuw@example.com"]]


def test_at_most_one_confirmation_mail_an_hour(
    client, django_capture_on_commit_callbacks
):
    for _ in range(3):
        sign_up(client, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1

    Subscriber.objects.update(
        confirmation_sent_at=Subscriber.objects.get().confirmation_sent_at
        - timedelta(hours=1)
    )
    sign_up(client, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 2
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize("status", ["bounced", "complained"])
def test_a_suppressed_address_gets_no_mail_at_all(
    client, django_capture_on_commit_callbacks, status
):
    SubscriberFactory(email="anouk@example.com", status=status)

    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.url == "/nieuwsbrief/bedankt/"
    assert mail.outbox == []
    assert Subscriber.objects.get().status == status


def test_addresses_are_unique_ignoring_case():
    SubscriberFactory(email="anouk@example.com")

    with pytest.raises(IntegrityError):
        SubscriberFactory(email="ANOUK@example.com")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"email": "geen adres"},
            "Dit is geen e-mailadres waar ik naartoe kan sturen.",
        ),
        ({"email": "a@b.nl\nBcc: x@y.nl"}, "Dit is geen e-mailadres"),
        ({"consent": ""}, "Vink dit vakje aan om je in te schrijven."),
        ({"first_name": "Anouk\r\nBcc: x@y.nl"}, "Schrijf je naam op één regel."),
    ],
)
def test_bad_input_gets_a_clear_message(
    client, django_capture_on_commit_callbacks, fields, message
):
    response = sign_up(client, django_capture_on_commit_callbacks, **fields)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("bot", [{"company": "Spam BV"}, {"form_token": "nep"}])
def test_bots_are_thanked_and_nothing_happens(
    client, django_capture_on_commit_callbacks, bot
):
    response = sign_up(client, django_capture_on_commit_callbacks, **bot)

    assert response.url == "/nieuwsbrief/bedankt/"
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_too_many_sign_ups_from_one_address_get_429(
    client, django_capture_on_commit_callbacks
):
    for number in range(5):
        sign_up(
            client, django_capture_on_commit_callbacks, email=f"p{number}@example.com"
        )

    response = sign_up(
        client, django_capture_on_commit_callbacks, email="p9@example.com"
    )

    assert response.status_code == 429
    assert Subscriber.objects.count() == 5


def test_an_expired_or_forged_confirmation_link_is_a_friendly_404(client):
    subscriber = SubscriberFactory(status="pending", confirmed_at=None)
    expired = token_made_ago(CONFIRM, subscriber.pk, seconds=8 * 86400)

    for token in (expired, "nep", MANAGE.token(subscriber.pk)):
        response = client.get(f"/nieuwsbrief/bevestigen/{token}/")
        assert response.status_code == 404
        assert "Deze link werkt niet meer" in response.content.decode()

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
