"""Kill the worker half-way through a 2,000-recipient mailing and start it again:
everyone gets the message, nobody else does, and at most the one message in flight
at the kill arrives twice, with the same Message-ID."""

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.utils import timezone

from newsletter.models import Campaign, Subscriber
from newsletter.tasks import send_campaign
from tests.waiting import wait_for

pytestmark = pytest.mark.e2e

READERS = 2000


def subscribers(count, status, prefix):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(
            email=f"{prefix}{number}@example.com",
            status=status,
            consent_version="test",
            confirmed_at=now if status == Subscriber.Status.CONFIRMED else None,
        )
        for number in range(count)
    )


def test_killing_the_worker_half_way_loses_nothing(
    shared_database_url, smtp_server, settings_override
):
    subscribers(READERS, Subscriber.Status.CONFIRMED, "lezer")
    subscribers(25, Subscriber.Status.PENDING, "wacht")
    subscribers(25, Subscriber.Status.UNSUBSCRIBED, "weg")
    campaign = Campaign.objects.create(
        subject="Voor iedereen", body="<p>Hallo.</p>", status=Campaign.Status.SCHEDULED
    )
    send_campaign.enqueue(campaign.pk)
    env = {
        **os.environ,
        "DATABASE_URL": shared_database_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "NEWSLETTER_STALE_SECONDS": "0",
        "TASK_RUNNING_TIMEOUT_SECONDS": "0",
    }
    mailbox = smtp_server.mailbox

    worker = start_worker(env)
    wait_for(lambda: mailbox.count() >= READERS // 3, "the worker", timeout=120)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait()
    at_kill = mailbox.count()
    subprocess.run(
        [*MANAGE, "housekeeping"], env=env, cwd=settings.BASE_DIR, check=True
    )
    worker = start_worker(env)
    try:
        wait_for(
            lambda: Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.SENT,
            "the mailing to finish",
            timeout=120,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    received = mailbox.by_recipient()
    assert READERS // 3 <= at_kill < READERS
    assert sorted(received) == sorted(f"lezer{n}@example.com" for n in range(READERS))
    twice = {
        address: messages for address, messages in received.items() if len(messages) > 1
    }
    assert len(twice) <= 1  # the message in flight at the kill, if any
    for messages in twice.values():
        assert len(messages) == 2
        assert messages[0]["Message-ID"] == messages[1]["Message-ID"]


MANAGE = [sys.executable, "manage.py"]


def start_worker(env):
    return subprocess.Popen(
        [*MANAGE, "db_worker", "--queue-name", "*", "--interval", "0.1",
         "--no-startup-delay", "--no-reload"],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def settings_override(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings
