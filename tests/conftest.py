import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation

import coachsite.demo
import core.demo
from tests import services
from tests.smtp import SMTPServer
from tests.tasks import Worker

# CI sets this: a test that cannot run for want of a service fails instead of skipping.
STRICT = bool(os.environ.get("COACHSITE_STRICT_SERVICES"))


def require_service(available, name):
    if available:
        return
    if STRICT:
        pytest.fail(f"{name} is not available (COACHSITE_STRICT_SERVICES is set)")
    pytest.skip(f"{name} is not available")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (
            f"skipped, which fails under COACHSITE_STRICT_SERVICES: {report.longrepr}"
        )
    return report


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are deselected (not skipped) on other databases."""
    if connection.vendor == "postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tasks run when enqueued, so their e-mail lands in mailoutbox.

    End-to-end tests replace this with the database queue and a real worker.
    """
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(autouse=True)
def dutch_to_begin_with():
    """A request under /en/ leaves English active in the thread; each test starts
    in the site's own language, as a visitor does."""
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """The database is rolled back after each test, so the cache must be too."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def worker(settings, django_capture_on_commit_callbacks):
    """The database queue, and a worker the test runs when it likes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return Worker(django_capture_on_commit_callbacks)


@pytest.fixture
def redis_url():
    require_service(services.redis_available(), "Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/15"


@pytest.fixture
def rq_queue(settings, monkeypatch, redis_url):
    """Tasks go to an empty RQ queue in a Redis database of the tests' own."""
    import django_rq
    import django_rq.settings

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    # django-rq reads RQ_QUEUES once, at import.
    monkeypatch.setattr(django_rq.settings, "QUEUES", {"default": {"URL": redis_url}})
    queue = django_rq.get_queue("default")
    queue.connection.flushdb()
    yield queue
    queue.connection.flushdb()


@pytest.fixture(scope="session", autouse=True)
def coach_permissions(django_db_setup, django_db_blocker):
    """The Coach group's permissions as the migrations made them, read before any
    transactional test empties the database (which drops the group)."""
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        group = Group.objects.get(name="Coach")
        # By name: emptying the database makes permissions anew, with new keys.
        return list(
            group.permissions.values_list("content_type__app_label", "codename")
        )


@pytest.fixture
def coach_group(db, coach_permissions):
    """The "Coach" group, as the migrations make it, whatever the test database."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    group, created = Group.objects.get_or_create(name="Coach")
    if created:
        wanted = Q()
        for app_label, codename in coach_permissions:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


@pytest.fixture
def demo_site(db):
    """The demo coach and pages (quick: no posts, so no images to cut)."""
    core.demo.load()
    coachsite.demo.load()


@pytest.fixture
def demo_content(db):
    """Everything `make run` loads into an empty site, images included (slow)."""
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Uploaded and generated images go to a folder of the test session's own."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback, with Django's SMTP backend pointed at it."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@pytest.fixture
def shared_database_url(transactional_db):
    """A URL of the test database for other processes (a worker), when they can
    open it: PostgreSQL, or SQLite in a file (not the usual in-memory one)."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
        return (
            f"postgres://{database['USER']}{password}@{database['HOST'] or 'localhost'}"
            f":{database['PORT'] or 5432}/{database['NAME']}"
        )
    if connection.vendor == "sqlite" and "memory" not in str(database["NAME"]):
        return f"sqlite:///{database['NAME']}"
    require_service(False, "a test database other processes can open (PostgreSQL)")
