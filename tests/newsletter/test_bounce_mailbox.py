"""Bounces without a mail provider: mailings leave with a return path per delivery
(VERP); the mail servers' reports land in the bounce mailbox, which the worker
reads over IMAP (a real Dovecot here) and acts on."""

from pathlib import Path

import pytest

from newsletter.models import Campaign, Delivery, Subscriber, Suppression
from newsletter.services import read_bounce_mailbox
from newsletter.tasks import read_bounces, send_campaign
from tests.conftest import require_service
from tests.imap import IMAPServer, available
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

REPORTS = Path(__file__).parent / "reports"


@pytest.fixture
def bounce_mailbox(settings):
    require_service(available(), "Dovecot (apt-get install dovecot-imapd)")
    server = IMAPServer()
    server.start()
    settings.NEWSLETTER_BOUNCE_ADDRESS = "bounces@coach.example"
    settings.NEWSLETTER_BOUNCE_MAILBOX = server.url
    yield server
    server.stop()


def send(campaign):
    while campaign.status != Campaign.Status.SENT:
        send_campaign.call(campaign.pk)
        campaign.refresh_from_db()


def report(name, smtp_server, email):
    """A report as the mail server writes it, about the message `email` got."""
    delivery = Delivery.objects.get(subscriber__email=email)
    raw = (REPORTS / f"{name}.eml").read_text()
    for placeholder, value in [
        ("RETURN-PATH", smtp_server.mailbox.return_paths[email]),
        ("RECIPIENT", email),
        ("MESSAGE-ID", delivery.message_id),
    ]:
        raw = raw.replace(placeholder, value)
    return raw.replace("\n", "\r\n").encode()


def test_reports_in_the_bounce_mailbox_suppress_and_show_in_the_figures(
    smtp_server, bounce_mailbox
):
    readers = [SubscriberFactory(email=f"lezer{n}@example.com") for n in range(6)]
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED)
    send(campaign)
    return_paths = smtp_server.mailbox.return_paths
    assert len(set(return_paths.values())) == 6  # one return path per message
    assert all(
        path.startswith("bounces+") and path.endswith("@coach.example")
        for path in return_paths.values()
    )
    for name, email in [
        ("postfix-hard-bounce", "lezer0@example.com"),
        ("exim-failed", "lezer1@example.com"),
        ("postfix-delayed", "lezer2@example.com"),
        ("arf-abuse", "lezer3@example.com"),
        ("out-of-office", "lezer4@example.com"),
    ]:
        bounce_mailbox.deliver(report(name, smtp_server, email))

    assert read_bounce_mailbox() == 1  # housekeeping hands it to the worker
    read_bounces.call()

    status = dict(Subscriber.objects.values_list("email", "status"))
    assert status["lezer0@example.com"] == status["lezer1@example.com"] == "bounced"
    assert status["lezer3@example.com"] == "complained"
    assert status["lezer2@example.com"] == status["lezer4@example.com"] == "confirmed"
    assert Subscriber.objects.get(pk=readers[2].pk).soft_bounces == 1
    entry = Suppression.objects.get(email="lezer1@example.com")
    assert (entry.reason, entry.source) == ("bounced", "bounce_mailbox")
    assert entry.detail.startswith("5.2.1 smtp; 550 5.2.1 The email account")
    [figures] = Campaign.objects.with_figures()
    # The delayed message is not delivered (yet), nor bounced for good.
    assert (figures.sent, figures.delivered, figures.bounced) == (6, 3, 2)
    assert figures.complained == 1
    # Reports are deleted once acted on; the out-of-office reply stays, read.
    [(flags, raw)] = bounce_mailbox.messages()
    assert b"Afwezig" in raw and "\\Seen" in flags

    # The next mailing skips the bounced and the complaining addresses.
    smtp_server.mailbox.messages.clear()
    send(CampaignFactory(status=Campaign.Status.SCHEDULED, subject="Lente"))
    assert sorted(smtp_server.mailbox.by_recipient()) == [
        "lezer2@example.com", "lezer4@example.com", "lezer5@example.com"
    ]  # fmt: skip


def test_a_report_read_twice_changes_nothing_more(smtp_server, bounce_mailbox):
    reader = SubscriberFactory(email="vol@example.com")
    send(CampaignFactory(status=Campaign.Status.SCHEDULED))
    delayed = report("postfix-delayed", smtp_server, reader.email)

    bounce_mailbox.deliver(delayed)
    read_bounces.call()
    bounce_mailbox.deliver(delayed)  # the same report again (a resent copy)
    read_bounces.call()

    reader.refresh_from_db()
    assert (reader.status, reader.soft_bounces) == ("confirmed", 1)
    assert bounce_mailbox.messages() == []


def test_a_forged_return_path_is_not_believed(smtp_server, bounce_mailbox):
    reader = SubscriberFactory(email="echt@example.com")
    send(CampaignFactory(status=Campaign.Status.SCHEDULED))
    genuine = smtp_server.mailbox.return_paths[reader.email]
    delivery_part, _signature = genuine.split("@")[0].rsplit("-", 1)
    smtp_server.mailbox.return_paths[reader.email] = (
        f"{delivery_part}-0123456789ab@coach.example"
    )

    bounce_mailbox.deliver(report("postfix-hard-bounce", smtp_server, reader.email))
    read_bounces.call()

    assert Subscriber.objects.get(pk=reader.pk).status == "confirmed"
    assert len(bounce_mailbox.messages()) == 1  # left for a person to look at


def test_an_unreachable_or_refusing_mailbox_is_logged_and_tried_again(
    settings, bounce_mailbox, caplog
):
    settings.NEWSLETTER_BOUNCE_MAILBOX = bounce_mailbox.url.replace("secret", "wrong")
    read_bounces.call()
    settings.NEWSLETTER_BOUNCE_MAILBOX = "imap://bounces:x@127.0.0.1:9/INBOX"
    read_bounces.call()

    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 2
    assert all(w.startswith("Bounce mailbox not read") for w in warnings)
    assert read_bounce_mailbox() == 1  # the next round tries again


def test_without_a_bounce_address_the_sender_stays_the_envelope_sender(
    smtp_server, settings
):
    settings.DEFAULT_FROM_EMAIL = "Sanne <sanne@coach.example>"
    reader = SubscriberFactory()
    send(CampaignFactory(status=Campaign.Status.SCHEDULED))
    assert smtp_server.mailbox.return_paths[reader.email] == "sanne@coach.example"
    assert read_bounce_mailbox() == 0
