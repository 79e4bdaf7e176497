"""The design in a real browser: phone to desktop, keyboard, nothing from elsewhere."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
PAGES = {"home": "/", "about": "/over-mij/", "privacy": "/privacy/", "home-en": "/en/"}


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_every_page_at_phone_and_desktop_width(page, demo_site, width):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})

    for name, path in PAGES.items():
        page.goto(path)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

        assert horizontal_overflow(page) <= 0, name
        assert page.locator("h1").count() == 1


@pytest.mark.parametrize("path", PAGES.values())
def test_no_horizontal_scrolling_on_the_narrowest_phone(page, demo_site, path):
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(path)

    assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize("path", PAGES.values())
def test_a_page_requests_nothing_from_other_hosts(page, demo_site, live_server, path):
    page.goto(path)
    page.wait_for_load_state("networkidle")

    assert page.requested_hosts == {urlsplit(live_server.url).netloc}


def test_the_skip_link_is_the_first_tab_stop_and_leads_to_the_content(page, demo_site):
    page.goto("/over-mij/")

    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    text, box = focused.inner_text(), focused.bounding_box()
    page.keyboard.press("Enter")

    assert text == "Naar de inhoud"
    assert box["y"] >= 0 and box["height"] > 0  # on screen once focused
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible_on_links(page, demo_site):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    assert outline == "solid"
