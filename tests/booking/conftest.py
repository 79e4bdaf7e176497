import pytest

from tests.booking.factories import SessionTypeFactory, open_on


@pytest.fixture(autouse=True)
def database_queue(settings):
    """Reminders are delayed tasks, which only a real queue can hold."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def session_type(db):
    open_on()
    return SessionTypeFactory(name="Individuele sessie", slug="individueel")
