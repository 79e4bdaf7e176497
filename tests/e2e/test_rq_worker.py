"""The Redis-backed queue with a real worker process: `manage.py worker` (RQ's
worker with its scheduler) sends a newsletter and, at its time, a booking reminder."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from booking.models import Booking
from booking.services import schedule_reminder
from newsletter.models import Campaign, Subscriber
from newsletter.services import schedule_campaign
from tests.booking.factories import BookingFactory
from tests.newsletter.factories import CampaignFactory, SubscriberFactory
from tests.waiting import wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def rq_worker(rq_queue, redis_url, shared_database_url, smtp_server):
    """`manage.py worker` on the test database, the tests' Redis and the SMTP server."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": shared_database_url,
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker"],
        cwd=settings.BASE_DIR, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    yield worker
    worker.terminate()
    _, errors = worker.communicate(timeout=30)
    assert "Traceback" not in errors, errors


def test_a_newsletter_goes_out_through_redis(rq_worker, rq_queue, smtp_server):
    readers = [SubscriberFactory() for _ in range(3)]
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    campaign = CampaignFactory(subject="Nieuws via Redis")

    schedule_campaign(campaign=campaign)

    wait_for(
        lambda: Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT,
        "the worker to send the mailing",
    )
    received = smtp_server.mailbox.by_recipient()
    assert sorted(received) == sorted(reader.email for reader in readers)
    assert all(m[0]["Subject"] == "Nieuws via Redis" for m in received.values())


def test_a_booking_reminder_waits_in_redis_until_its_time(
    rq_worker, rq_queue, smtp_server, settings
):
    arrivals = []
    smtp_server.mailbox.on_message = lambda message: arrivals.append(
        (timezone.now(), message["To"])
    )
    remind_in = timedelta(seconds=4)
    booking = BookingFactory(
        email="anouk@example.com",
        starts_at=timezone.now()
        + timedelta(hours=settings.BOOKING_REMINDER_HOURS)
        + remind_in,
    )
    due = timezone.now() + remind_in

    schedule_reminder(booking)

    assert rq_queue.scheduled_job_registry.count == 1  # waiting, not queued
    wait_for(lambda: arrivals, "the reminder", timeout=60)
    (arrived, to), *others = arrivals
    assert to == "anouk@example.com"
    assert arrived >= due - timedelta(seconds=1)  # RQ's scheduler works in seconds
    assert not others
    # The worker sends inside the transaction that claims the reminder (a failed
    # send un-claims it), so the mail may arrive a moment before that commits.
    wait_for(
        lambda: (
            Booking.objects.filter(pk=booking.pk)
            .exclude(reminder_sent_at=None)
            .exists()
        ),
        "the reminder's claim",
        timeout=10,
    )
