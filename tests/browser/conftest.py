import os
from urllib.parse import urlsplit

import pytest

from tests import services
from tests.conftest import require_service

# Playwright's synchronous API runs an event loop in this thread; the Django calls the
# tests make between browser steps are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "een-lang-wachtwoord-42"

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    require_service(services.chromium_available(), f"Chromium at {services.CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=services.CHROMIUM, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab that records every request it makes."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.requested_hosts = set()
    page.on(
        "request",
        lambda request: page.requested_hosts.add(urlsplit(request.url).netloc),
    )
    yield page
    context.close()


@pytest.fixture
def coach(coach_group):
    """The coach as she is: staff in the Coach group, not a superuser."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username="sanne", password=PASSWORD, is_staff=True
    )
    user.groups.add(coach_group)
    return user
