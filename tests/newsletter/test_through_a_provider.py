"""Mailings through a mail provider's API (django-anymail's Postmark backend),
against a stand-in for Postmark on loopback that reports back by webhook, with
the faults providers have: 5xx, late answers, repeated and lost webhooks."""

import pytest

from core.fake_postmark import FakePostmark
from newsletter.models import Campaign, Delivery, Subscriber, Suppression
from newsletter.tasks import send_campaign
from tests.newsletter.factories import CampaignFactory, SubscriberFactory
from tests.waiting import wait_for

SECRET = "coachsite:webhook-secret-for-tests"  # as pyproject.toml sets it


@pytest.fixture
def postmark(settings, live_server):
    fake = FakePostmark(
        token="server-token",
        webhook_url=f"http://{SECRET}@{live_server.url[7:]}/anymail/postmark/tracking/",
    )
    with fake:
        settings.EMAIL_PROVIDER = "postmark"
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {
            "POSTMARK_SERVER_TOKEN": "server-token",
            "POSTMARK_API_URL": f"{fake.url}/",
            "REQUESTS_TIMEOUT": 1,
        }
        settings.NEWSLETTER_RETRY_SECONDS = 0
        yield fake


def send(campaign):
    for _ in range(10):
        send_campaign.call(campaign.pk)
        campaign.refresh_from_db()
        if campaign.status == Campaign.Status.SENT:
            return
    raise AssertionError("the mailing did not finish")


def reports(fake, count):
    return wait_for(lambda: len(fake.webhooks_sent) >= count, f"{count} webhooks")


@pytest.mark.django_db(transaction=True)
def test_the_providers_reports_come_back_and_suppress(postmark):
    for name in ("anouk", "bounce", "spam", "softbounce", "bas"):
        SubscriberFactory(email=f"{name}@example.com")
    postmark.webhooks = "duplicate"  # every report comes twice
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED)

    send(campaign)
    reports(postmark, 10)

    assert {status for _what, status in postmark.webhooks_sent} == {200}
    outcome = dict(Delivery.objects.values_list("subscriber__email", "outcome"))
    assert outcome == {
        "anouk@example.com": "delivered",
        "bas@example.com": "delivered",
        "bounce@example.com": "bounced",
        "spam@example.com": "complained",
        "softbounce@example.com": "soft_bounced",
    }
    status = dict(Subscriber.objects.values_list("email", "status"))
    assert status["bounce@example.com"] == "bounced"
    assert status["spam@example.com"] == "complained"
    soft = Subscriber.objects.get(email="softbounce@example.com")
    assert (soft.status, soft.soft_bounces) == ("confirmed", 1)  # counted once
    assert Suppression.objects.get(email="bounce@example.com").source == "postmark"
    # Each message carried its delivery's number to Postmark and back.
    assert {m["Metadata"]["delivery"] for m in postmark.sent} == {
        str(pk) for pk in Delivery.objects.values_list("pk", flat=True)
    }
    [figures] = Campaign.objects.with_figures()
    assert (figures.sent, figures.delivered, figures.bounced) == (5, 3, 1)


@pytest.mark.django_db(transaction=True)
def test_a_provider_in_trouble_delays_but_loses_nothing(postmark):
    for n in range(4):
        SubscriberFactory(email=f"lezer{n}@example.com")
    postmark.webhooks = "drop"
    postmark.fail_next(1, status=503)  # the first call fails
    postmark.stall_next(1, seconds=2)  # the next is accepted, but answered too late
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED)

    send(campaign)

    deliveries = Delivery.objects.order_by("pk")
    assert {d.status for d in deliveries} == {"sent"}
    accepted = [m["To"] for m in postmark.sent]
    assert sorted(set(accepted)) == [f"lezer{n}@example.com" for n in range(4)]
    # The late answer's message went twice, with the same Message-ID (mail programs
    # fold the two); no other message went twice.
    assert len(accepted) == 5
    [twice] = {to for to in accepted if accepted.count(to) == 2}
    message_ids = {
        header["Value"]
        for message in postmark.sent
        if message["To"] == twice
        for header in message.get("Headers", [])
        if header["Name"] == "Message-ID"
    }
    assert len(message_ids) == 1
    assert not postmark.webhooks_sent  # lost reports change nothing


@pytest.mark.django_db(transaction=True)
def test_an_address_the_provider_refuses_is_suppressed(postmark):
    postmark.inactive.add("weg@example.com")
    SubscriberFactory(email="weg@example.com")
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED)

    send(campaign)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.outcome) == ("failed", "bounced")
    assert Subscriber.objects.get().status == "bounced"
