"""The post page's weight on a first visit, measured as the browser loads it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KB = 1024
POST = "/blog/vertrouwen-herstellen/"

# The element the browser reports as its largest contentful paint, and whether
# that element was lazy (a lazy LCP image is fetched late and slows the page).
LARGEST_PAINT = """() => new Promise((done) => {
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    const element = entries[entries.length - 1].element;
    done({tag: element.tagName, lazy: element.loading === "lazy"});
  }).observe({type: "largest-contentful-paint", buffered: true});
})"""


@pytest.fixture
def first_visit(page, demo_content):
    """The post page on a phone: {resource type: [bytes of each response]}.

    Bytes as transferred: HTML is compressed here as in production, static files
    (served by the test server) are not, which only makes the budget stricter.
    The uncompressed HTML has its own limit in tests/blog/test_post_page.py.
    """
    sizes = {}
    page.on(
        "requestfinished",
        lambda request: sizes.setdefault(request.resource_type, []).append(
            request.sizes()["responseBodySize"]
        ),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(POST, wait_until="networkidle")
    return sizes


def test_the_post_page_stays_within_its_budget(page, first_visit):
    assert sum(first_visit["stylesheet"]) <= 20 * KB
    assert sum(first_visit.get("script", [])) <= 10 * KB
    assert sum(sum(sizes) for sizes in first_visit.values()) <= 250 * KB


def test_scripts_wait_for_the_page(page, first_visit):
    scripts = page.locator("script[src]")

    assert scripts.count() >= 1
    for script in scripts.all():
        assert script.get_attribute("defer") is not None


def test_images_reserve_their_space_and_offer_sizes(page, first_visit):
    images = page.locator("main img")

    assert images.count() >= 1
    for image in images.all():
        assert image.get_attribute("width") and image.get_attribute("height")
        assert image.get_attribute("srcset"), image.get_attribute("src")


def test_the_largest_paint_is_an_image_fetched_at_once(page, first_visit):
    largest = page.evaluate(LARGEST_PAINT)

    assert largest == {"tag": "IMG", "lazy": False}
