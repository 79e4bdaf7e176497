"""The design in a real browser: phone to desktop, keyboard, nothing from elsewhere."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
PAGES = {
    "home": "/",
    "blog": "/blog/",
    "post": "/blog/vertrouwen-herstellen/",
    "category": "/blog/categorie/communicatie/",
    "search": "/blog/zoeken/?q=relatie",
    "about": "/over-mij/",
    "privacy": "/privacy/",
    "booking": "/afspraak/",
    "booking-times": "/afspraak/individuele-sessie/",
    "home-en": "/en/",
    "post-en": "/en/blog/vertrouwen-herstellen/",
    "not-found": "/bestaat-niet/",
}


def horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def load_every_image(page):
    """Load lazy images now, as scrolling would, and wait until all have arrived."""
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]')"
        ".forEach((image) => (image.loading = 'eager'))"
    )
    # Not wait_for_function: polling a string predicate needs eval, which CSP forbids.
    page.evaluate(
        "Promise.all([...document.images].filter((i) => !i.complete).map("
        "(i) => new Promise((done) => (i.onload = i.onerror = done))))"
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_every_page_at_phone_and_desktop_width(
    page, demo_content, width
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})

    for name, path in PAGES.items():
        page.goto(path)
        load_every_image(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)

        assert horizontal_overflow(page) <= 0, name
        assert page.locator("h1").count() == 1, name
        broken = page.evaluate(
            "[...document.images].filter((i) => !i.naturalWidth).map((i) => i.src)"
        )
        assert broken == [], name


def test_no_page_scrolls_sideways_on_the_narrowest_phone(page, demo_content):
    page.set_viewport_size({"width": 320, "height": 640})

    for name, path in PAGES.items():
        page.goto(path)
        assert horizontal_overflow(page) <= 0, name


def test_no_page_requests_anything_from_other_hosts(page, demo_content, live_server):
    for path in PAGES.values():
        page.goto(path)
        load_every_image(page)

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


def test_the_copy_link_button_copies_the_post_address(page, browser, demo_content):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/blog/vertrouwen-herstellen/")

    page.click("button.copy-link")

    # The clipboard answers asynchronously: wait for the button to say so.
    expect(page.locator("button.copy-link span")).to_have_text("Link gekopieerd")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{settings.SITE_URL}/blog/vertrouwen-herstellen/"
