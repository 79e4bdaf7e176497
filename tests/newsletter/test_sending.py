"""Sending through a real SMTP server: retries, bounces, outages, unsubscribes."""

from email import message_from_bytes, policy

import pytest
from django.utils import timezone

from newsletter import services
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.rendering import render_mailing
from newsletter.tasks import send_campaign
from tests.newsletter.factories import CampaignFactory, SubscriberFactory


@pytest.fixture
def database_queue(settings):
    """Retries wait in the database queue; the test runs the sender itself."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NEWSLETTER_BATCH_SIZE = 7


def run_sender(campaign):
    send_campaign.call(campaign.pk)
    campaign.refresh_from_db()
    return campaign


def scheduled(**fields):
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED, **fields)
    return campaign


def make_readers(count):
    return [SubscriberFactory(email=f"lezer{n}@example.com") for n in range(count)]


@pytest.mark.django_db
def test_each_subscriber_gets_one_message_at_the_server(smtp_server, database_queue):
    readers = make_readers(30)
    SubscriberFactory(email="wacht@example.com", status="pending")
    campaign = scheduled()

    while run_sender(campaign).status != Campaign.Status.SENT:
        pass

    received = smtp_server.mailbox.by_recipient()
    assert sorted(received) == sorted(reader.email for reader in readers)
    assert all(len(messages) == 1 for messages in received.values())
    delivery = Delivery.objects.get(subscriber=readers[3])
    assert received[readers[3].email][0]["Message-ID"] == delivery.message_id
    assert delivery.attempts == 1 and delivery.sent_at is not None


@pytest.mark.django_db
def test_a_temporary_refusal_is_retried_then_failed_without_holding_up_the_rest(
    smtp_server, database_queue, settings
):
    settings.NEWSLETTER_RETRY_SECONDS = 0
    settings.NEWSLETTER_MAX_ATTEMPTS = 3
    readers = make_readers(10)
    smtp_server.mailbox.refuse["lezer4@example.com"] = "451 4.7.1 Try again later"
    campaign = scheduled()

    for _ in range(5):
        run_sender(campaign)

    failed = Delivery.objects.get(subscriber=readers[4])
    assert (failed.status, failed.attempts) == (Delivery.Status.FAILED, 3)
    assert failed.last_error.startswith("451")
    assert Subscriber.objects.get(pk=readers[4].pk).status == "confirmed"
    assert len(smtp_server.mailbox.by_recipient()) == 9
    assert campaign.status == Campaign.Status.SENT


@pytest.mark.django_db
def test_a_permanent_refusal_bounces_the_address_for_good(smtp_server, database_queue):
    readers = make_readers(5)
    smtp_server.mailbox.refuse["lezer2@example.com"] = "550 5.1.1 No such user"

    run_sender(scheduled())
    run_sender(scheduled(subject="Volgende"))

    assert Subscriber.objects.get(pk=readers[2].pk).status == Subscriber.Status.BOUNCED
    assert Delivery.objects.filter(subscriber=readers[2]).count() == 1
    assert len(smtp_server.mailbox.by_recipient()) == 4


@pytest.mark.django_db
def test_while_the_server_is_down_deliveries_wait_and_then_go(database_queue, settings):
    from django_tasks_db.models import DBTaskResult

    readers = make_readers(10)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nobody listens
    campaign = scheduled()

    run_sender(campaign)

    waiting = Delivery.objects.filter(status=Delivery.Status.QUEUED)
    assert waiting.count() == 10
    assert all(d.next_attempt_at > timezone.now() for d in waiting)
    assert sorted(d.attempts for d in waiting) == [0, 0, 0] + [1] * 7  # one batch tried
    assert campaign.status == Campaign.Status.SENDING
    retry = DBTaskResult.objects.get(task_path="newsletter.tasks.send_campaign")
    assert retry.run_after == min(d.next_attempt_at for d in waiting)

    from tests.smtp import SMTPServer

    server = SMTPServer()
    server.start()
    try:
        settings.EMAIL_PORT = server.port
        Delivery.objects.update(next_attempt_at=timezone.now())  # the wait is over
        run_sender(campaign)
    finally:
        server.stop()

    assert campaign.status == Campaign.Status.SENT
    assert sorted(server.mailbox.by_recipient()) == sorted(r.email for r in readers)


@pytest.mark.django_db(transaction=True)
def test_unsubscribing_while_sending_stops_the_rest_of_the_run(
    smtp_server, database_queue
):
    readers = make_readers(20)
    leaver = readers[15]

    def unsubscribe_the_leaver(message):
        if smtp_server.mailbox.count() == 3:
            services.unsubscribe(subscriber=Subscriber.objects.get(pk=leaver.pk))

    smtp_server.mailbox.on_message = unsubscribe_the_leaver
    campaign = scheduled()

    while run_sender(campaign).status != Campaign.Status.SENT:
        pass

    received = smtp_server.mailbox.by_recipient()
    assert leaver.email not in received
    assert len(received) == 19
    assert Delivery.objects.get(subscriber=leaver).status == Delivery.Status.SKIPPED


@pytest.mark.django_db
def test_the_prepared_bytes_are_the_message_a_subscriber_would_get(demo_site):
    reader = SubscriberFactory(email="anouk@example.com")
    mailing = render_mailing(
        CampaignFactory(body="<p>Café, crème &amp; brûlée</p>"), language="nl"
    )

    _sender, raw = mailing.raw_for(reader, message_id="<1.c1@localhost>")
    built = mailing.message_for(reader, message_id="<1.c1@localhost>").message()
    built = message_from_bytes(built.as_bytes(), policy=policy.default)
    prepared = message_from_bytes(raw, policy=policy.default)

    for header in (
        "To",
        "Subject",
        "Message-ID",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
    ):
        assert prepared[header] == built[header], header
    assert prepared["To"] == "anouk@example.com"

    def parts(message):  # the text and the HTML, line endings aside
        leaves = (part for part in message.walk() if not part.is_multipart())
        return [part.get_content().replace("\r\n", "\n") for part in leaves]

    prepared_parts, built_parts = parts(prepared), parts(built)
    assert prepared_parts == built_parts
    assert "Café, crème & brûlée" in prepared_parts[0]
    assert "TOKEN-OF-THE-SUBSCRIBER" not in raw.decode()
