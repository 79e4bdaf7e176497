import pytest

from payments.fake import FakeMollie
from tests.booking.factories import SessionTypeFactory, open_on


@pytest.fixture
def mollie(settings):
    """The stand-in for Mollie on loopback, with the site pointed at it. Its
    webhooks are dropped unless a test lets them through (see `live_mollie`)."""
    with FakeMollie() as fake:
        settings.MOLLIE_API_KEY = "test_coachsitecoachsitecoachsite12"
        settings.MOLLIE_API_URL = fake.url
        settings.MOLLIE_TIMEOUT_SECONDS = (2, 2)
        fake.webhooks = "drop"
        yield fake


@pytest.fixture
def paid_type(db):
    open_on()
    return SessionTypeFactory(name="Individuele sessie", slug="individueel", price=95)


@pytest.fixture(autouse=True)
def queue(worker):
    """Reminders are delayed tasks, which only a real queue holds; tests run the
    due ones with `queue.run()`."""
    return worker


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run what waits for the commit: `with capture(execute=True): ...`."""
    return django_capture_on_commit_callbacks
