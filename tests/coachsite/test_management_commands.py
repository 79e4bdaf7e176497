import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import Counter
from tests.coachsite.tasks import do_nothing

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_ensure_admin_creates_one_admin_and_prints_its_password_once(monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_USERNAME", raising=False)
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    first = run("ensure_admin")
    second = run("ensure_admin")

    username, password = first.split("Admin user created: ")[1].split()[0:3:2]
    admin = get_user_model().objects.get(groups__name="Coach")
    assert admin.username == username == "admin"
    assert admin.is_staff and not admin.is_superuser
    assert admin.check_password(password)
    assert len(password) >= 16
    assert second == ""


def test_ensure_admin_takes_name_and_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "sanne")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "een-lang-wachtwoord-42")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "sanne@example.com")

    output = run("ensure_admin")

    admin = get_user_model().objects.get(groups__name="Coach")
    assert (admin.username, admin.email) == ("sanne", "sanne@example.com")
    assert admin.check_password("een-lang-wachtwoord-42")
    assert "een-lang-wachtwoord-42" not in output


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def running_task(started_ago):
    result = DBTaskResult.objects.get(id=do_nothing.enqueue().id)
    result.claim("a-worker-that-died")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - started_ago
    )
    return result


def test_housekeeping_hands_back_tasks_whose_worker_died(settings, database_queue):
    settings.TASK_RUNNING_TIMEOUT_SECONDS = 600
    abandoned = running_task(started_ago=timedelta(minutes=11))
    busy = running_task(started_ago=timedelta(minutes=1))

    output = run("housekeeping")
    run("housekeeping")

    abandoned.refresh_from_db()
    busy.refresh_from_db()
    assert abandoned.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING
    assert "1 tasks handed back to the queue" in output


def test_housekeeping_deletes_old_task_records_and_expired_sessions(database_queue):
    old = DBTaskResult.objects.get(id=do_nothing.enqueue().id)
    old.set_successful(None)
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - timedelta(days=15)
    )
    recent = DBTaskResult.objects.get(id=do_nothing.enqueue().id)
    recent.set_successful(None)
    session = SessionStore()
    session.set_expiry(-10)
    session.create()

    run("housekeeping")

    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Session.objects.exists()


def test_housekeeping_forgets_expired_rate_limit_counts():
    now = timezone.now()
    Counter.objects.create(key="old", count=3, expires_at=now - timedelta(seconds=1))
    Counter.objects.create(
        key="current", count=1, expires_at=now + timedelta(minutes=5)
    )

    run("housekeeping")

    assert list(Counter.objects.values_list("key", flat=True)) == ["current"]
