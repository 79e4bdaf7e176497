"""What mail providers report later, by webhook (recorded payloads in each
provider's documented format, posted to anymail's endpoints): bounces, complaints
and unsubscribes put the address on the suppression list, the next mailing skips
it, temporary bounces count, and a forged report is refused."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from booking.services import book_session
from newsletter import services
from newsletter.models import Delivery, Subscriber, Suppression
from newsletter.suppression import suppress
from tests.booking.factories import SessionTypeFactory
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

SECRET = "coachsite:webhook-secret-for-tests"  # pyproject.toml's test environment
SIGNING_KEY = "mailgun-signing-key-for-tests"


@pytest.fixture(autouse=True)
def mailgun_key(settings):
    settings.ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY = SIGNING_KEY


@pytest.fixture
def readers(demo_site):
    return [
        SubscriberFactory(email="anna@example.com"),
        SubscriberFactory(email="bram@example.com"),
    ]


def mailing(capture):
    """Send a newsletter; {address: the delivery number its message carried}."""
    mail.outbox.clear()
    with capture(execute=True):
        services.schedule_campaign(campaign=CampaignFactory())
    return {message.to[0]: message.metadata["delivery"] for message in mail.outbox}


def post(client, provider, payload, *, auth=SECRET, **headers):
    token = base64.b64encode(auth.encode()).decode()
    return client.post(
        f"/anymail/{provider}/tracking/",
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {token}",
        **headers,
    )


def postmark(record_type, email, delivery, **fields):
    """Postmark's bounce, spam complaint and subscription change webhooks."""
    return {
        "RecordType": record_type,
        "ID": 4323372036854775807,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": email,
        "Recipient": email,
        "BouncedAt": "2026-11-30T16:33:54.9070259Z",
        "ChangedAt": "2026-11-30T16:33:54.9070259Z",
        "Metadata": {"delivery": delivery},
        "Description": "The server was unable to deliver your message.",
        "Details": "smtp;550 5.1.1 The email account does not exist.",
        "MessageStream": "broadcast",
        **fields,
    }


def mailgun(event, email, delivery, **fields):
    """Mailgun's signed webhook: the event and a signature over timestamp+token."""
    timestamp, token = "1764520434", "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f"
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {
            "event": event,
            "timestamp": 1764520434.1,
            "id": "CPgfbmQMTCKtHW6uIWtuVe",
            "recipient": email,
            "user-variables": {"delivery": delivery},
            "message": {"headers": {"message-id": "20261130.1@mg.example.com"}},
            "delivery-status": {
                "code": 550,
                "message": "5.1.1 The email account does not exist",
            },
            **fields,
        },
    }


def brevo(event, email, delivery, **fields):
    """Brevo's transactional webhook: metadata comes back in X-Mailin-custom."""
    return {
        "event": event,
        "email": email,
        "id": 26224,
        "date": "2026-11-30 17:33:54",
        "ts": 1764520434,
        "message-id": "<202611301633.12345678901@smtp-relay.mailin.fr>",
        "ts_event": 1764520434,
        "subject": "Nieuwsbrief",
        "X-Mailin-custom": json.dumps({"delivery": delivery}),
        "reason": "unknown user",
        **fields,
    }


# name: (payload builder, its kind of event, further fields, the outcome)
REPORTS = {
    "postmark bounce": (postmark, "Bounce", {"Type": "HardBounce"}, "bounced"),
    "postmark complaint": (
        postmark, "SpamComplaint", {"Type": "SpamComplaint"}, "complained",
    ),
    "postmark unsubscribe": (
        postmark,
        "SubscriptionChange",
        {"SuppressSending": True, "SuppressionReason": "ManualSuppression"},
        "unsubscribed",
    ),
    "mailgun bounce": (
        mailgun, "failed", {"severity": "permanent", "reason": "bounce"}, "bounced",
    ),
    "mailgun complaint": (mailgun, "complained", {}, "complained"),
    "mailgun unsubscribe": (mailgun, "unsubscribed", {}, "unsubscribed"),
    "brevo bounce": (brevo, "hard_bounce", {}, "bounced"),
    "brevo complaint": (brevo, "spam", {}, "complained"),
    "brevo unsubscribe": (brevo, "unsubscribe", {}, "unsubscribed"),
}  # fmt: skip


@pytest.mark.parametrize("report", REPORTS)
def test_a_report_suppresses_the_address_and_the_next_mailing_skips_it(
    client, readers, django_capture_on_commit_callbacks, report
):
    payload, kind, fields, outcome = REPORTS[report]
    provider = payload.__name__
    sent = mailing(django_capture_on_commit_callbacks)

    anna = payload(kind, "anna@example.com", sent["anna@example.com"], **fields)
    response = post(client, provider, anna)

    assert response.status_code == 200
    delivery = Delivery.objects.get(pk=sent["anna@example.com"])
    assert delivery.outcome == outcome
    entry = Suppression.objects.get()
    assert (entry.email, entry.reason, entry.source) == (
        "anna@example.com", outcome, provider,
    )  # fmt: skip
    assert list(mailing(django_capture_on_commit_callbacks)) == ["bram@example.com"]


def test_a_forged_report_is_refused(
    client, readers, django_capture_on_commit_callbacks
):
    sent = mailing(django_capture_on_commit_callbacks)
    bounce = postmark(
        "Bounce", "anna@example.com", sent["anna@example.com"], Type="HardBounce"
    )
    forged_mailgun = mailgun("complained", "bram@example.com", sent["bram@example.com"])
    forged_mailgun["signature"]["signature"] = "0" * 64

    assert post(client, "postmark", bounce, auth="coachsite:guessed").status_code == 400
    assert post(client, "postmark", bounce, auth="").status_code == 400
    assert post(client, "mailgun", forged_mailgun).status_code == 400
    assert not Suppression.objects.exists()
    assert not Delivery.objects.exclude(outcome="").exists()


def test_three_temporary_bounces_in_a_row_suppress_and_a_delivery_resets_the_count(
    client, readers, django_capture_on_commit_callbacks
):
    def soft_bounce(delivery):
        return post(
            client,
            "postmark",
            postmark("Bounce", "anna@example.com", delivery, Type="SoftBounce"),
        )

    first = mailing(django_capture_on_commit_callbacks)["anna@example.com"]
    soft_bounce(first)
    soft_bounce(first)  # the same report again counts once
    second = mailing(django_capture_on_commit_callbacks)["anna@example.com"]
    soft_bounce(second)
    post(client, "mailgun", mailgun("delivered", "anna@example.com", second))
    assert Subscriber.objects.get(email="anna@example.com").soft_bounces == 0

    for _ in range(3):
        delivery = mailing(django_capture_on_commit_callbacks)["anna@example.com"]
        soft_bounce(delivery)

    entry = Suppression.objects.get()
    assert entry.reason == Suppression.Reason.SOFT_BOUNCES
    assert "anna@example.com" not in mailing(django_capture_on_commit_callbacks)


def test_a_late_delivered_report_does_not_hide_a_bounce(
    client, readers, django_capture_on_commit_callbacks
):
    delivery = mailing(django_capture_on_commit_callbacks)["anna@example.com"]
    post(client, "brevo", brevo("hard_bounce", "anna@example.com", delivery))
    post(client, "brevo", brevo("delivered", "anna@example.com", delivery))

    assert Delivery.objects.get(pk=delivery).outcome == Delivery.Outcome.BOUNCED


def test_the_coach_sees_the_list_and_lifts_an_entry(
    admin_client, readers, django_capture_on_commit_callbacks
):
    delivery = mailing(django_capture_on_commit_callbacks)["anna@example.com"]
    post(admin_client, "brevo", brevo("hard_bounce", "anna@example.com", delivery))
    changelist = reverse("admin:newsletter_suppression_changelist")

    listing = admin_client.get(changelist).content.decode()
    assert "anna@example.com" in listing and "Onbestelbaar" in listing

    entry = Suppression.objects.get()
    admin_client.post(changelist, {"action": "lift", "_selected_action": [entry.pk]})

    assert not Suppression.objects.exists()
    assert Subscriber.objects.get(email="anna@example.com").status == "confirmed"
    assert "anna@example.com" in mailing(django_capture_on_commit_callbacks)


def test_a_booking_confirmation_still_goes_to_a_suppressed_address(demo_site, worker):
    suppress("anna@example.com", Suppression.Reason.COMPLAINED, source="postmark")
    later = timezone.now().replace(minute=0, second=0, microsecond=0)
    with worker.capture(execute=True):
        book_session(
            session_type=SessionTypeFactory(),
            starts_at=later + timedelta(days=3),
            name="Anna",
            email="anna@example.com",
            by_coach=True,
        )
    worker.run()

    assert "anna@example.com" in [address for m in mail.outbox for address in m.to]
