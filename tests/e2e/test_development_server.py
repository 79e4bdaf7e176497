"""`make run`'s launcher: the site and a task worker, on the embedded defaults."""

import os
import socket
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings

from tests.waiting import wait_for

pytestmark = pytest.mark.e2e


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except OSError:
        return None


def manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


def test_the_development_server_serves_the_demo_site_and_runs_tasks(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content", "--if-empty")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "devserver", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
    )
    try:
        status, body = wait_for(lambda: get(f"http://127.0.0.1:{port}/"), "the site")
        assert status == 200
        assert "Sanne Verbeek" in body

        enqueue = (
            "from tests.coachsite.tasks import do_nothing as t; print(t.enqueue().id)"
        )
        task_id = manage(env, "shell", "-v0", "-c", enqueue).strip()
        check = (
            "from django_tasks_db.models import DBTaskResult; "
            f"print(DBTaskResult.objects.get(id='{task_id}').status)"
        )
        wait_for(
            lambda: manage(env, "shell", "-v0", "-c", check).strip() == "SUCCESSFUL",
            "the task to run",
        )
    finally:
        server.terminate()  # SIGTERM to the launcher alone, as `kill` would send
        server.wait(timeout=30)

    # runserver's autoreloader child went too, not only the process we started.
    assert get(f"http://127.0.0.1:{port}/") is None


def test_make_runs_mail_goes_through_the_postmark_stand_in_and_bounces_come_back(
    tmp_path,
):
    """As `make run` sets it up: mail to the stand-in for Postmark, which prints it
    and reports bounces to the site's webhook."""
    port, postmark_port = free_port(), free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(settings.BASE_DIR),
        "EMAIL_PROVIDER": "postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "make-run-server-token",
        "ANYMAIL_POSTMARK_API_URL": f"http://127.0.0.1:{postmark_port}/",
        "ANYMAIL_WEBHOOK_SECRET": "makerun:make-run-webhook-secret",
    }
    manage(env, "migrate", "--noinput")
    log = tmp_path / "devserver.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "manage.py", "devserver", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: get(f"http://127.0.0.1:{port}/"), "the site")
        start = (
            "from newsletter.models import Campaign, Subscriber; "
            "from newsletter.tasks import send_campaign; "
            "[Subscriber.objects.create(email=e, status='confirmed', "
            "consent_version='x') "
            "for e in ('anouk@example.com', 'bounce@example.com')]; "
            "c = Campaign.objects.create(subject='Winterpost', body='<p>Hoi</p>', "
            "status='scheduled'); send_campaign.enqueue(c.pk)"
        )
        manage(env, "shell", "-v0", "-c", start)
        suppressed = (
            "from newsletter.models import Suppression; "
            "print(list(Suppression.objects.values_list('email', 'source')))"
        )
        wait_for(
            lambda: (
                "('bounce@example.com', 'postmark')"
                in manage(env, "shell", "-v0", "-c", suppressed)
            ),
            "the bounce to come back by webhook",
        )
        printed = log.read_text()
        assert "To: anouk@example.com" in printed
        assert "Subject: Winterpost" in printed
    finally:
        server.terminate()
        server.wait(timeout=30)
