"""Query budgets of the public pages without the page cache (issue 16).

Each page is asked twice with the page cache off: cold, right after every kind of
content changed (every fragment made afresh), and warm (the header, footer and
lists kept as fragments, as for the coach or any visitor the cache cannot serve).
The cold count must not grow with the content: it is measured again after the
site has grown.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment
from booking.times.free_times import free_times
from core.versions import everything_changed
from reviews.models import Review
from tests.blog.factories import CategoryFactory, TagFactory, published_post
from tests.booking.factories import BookingFactory, SessionTypeFactory, open_on

pytestmark = pytest.mark.django_db

# page -> (cold, warm): the most queries each may make
BUDGETS = {
    "home": (6, 0),
    "archive": (5, 2),
    "category": (6, 3),
    "tag": (6, 3),
    "search": (3, 2),
    "about": (2, 1),
    "reviews": (4, 1),
    "booking": (2, 1),
    "times": (10, 1),
    "times json": (9, 1),
    "book form": (6, 1),
}


class Site:
    """A site that can grow: posts with categories, tags and comments, reviews,
    bookings in an open agenda."""

    def __init__(self):
        open_on(weekdays=range(7))
        self.session_type = SessionTypeFactory(slug="kennismaking")
        self.category = CategoryFactory(name="Relaties", slug="relaties")
        self.tag = TagFactory(name="vertrouwen", slug="vertrouwen")
        self.size = 0
        self.grow(3)

    def grow(self, posts):
        for number in range(self.size, self.size + posts):
            post = published_post(
                title=f"Vertrouwen {number}",
                body="<p>Over vertrouwen en relaties.</p>",
                ago=timedelta(hours=number + 1),
            )
            post.categories.add(self.category, CategoryFactory())
            post.tags.add(self.tag, TagFactory())
            for reply in range(2):
                Comment.objects.create(
                    post=post,
                    name=f"Lezer {reply}",
                    email="lezer@example.com",
                    body="Mooi geschreven.",
                    status=Comment.Status.APPROVED,
                )
            Review.objects.create(
                rating=5,
                text="Fijne sessies.",
                display_name=f"Cliënt {number}",
                status=Review.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            BookingFactory(
                session_type=self.session_type,
                starts_at=timezone.now() + timedelta(days=3 + number, hours=2),
            )
        self.size += posts

    def url(self, page):
        slug = {"slug": self.session_type.slug}
        if page == "book form":
            first = free_times(self.session_type)[0]
            start = first.isoformat().replace("+00:00", "Z")
            return reverse("booking:book", kwargs=slug) + f"?start={start}"
        return {
            "home": "/",
            "archive": reverse("blog:post_list"),
            "category": reverse("blog:category", kwargs={"slug": "relaties"}),
            "tag": reverse("blog:tag", kwargs={"slug": "vertrouwen"}),
            "search": reverse("blog:search") + "?q=vertrouwen",
            "about": reverse("coachsite:about"),
            "reviews": reverse("reviews:list"),
            "booking": reverse("booking:start"),
            "times": reverse("booking:choose_time", kwargs=slug),
            "times json": reverse("booking:free_times", kwargs=slug),
        }[page]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def site(demo_site, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the path the cache does not serve
    return Site()


@pytest.mark.parametrize("page", BUDGETS)
def test_a_public_page_keeps_to_its_query_budget(client, site, page):
    cold_budget, warm_budget = BUDGETS[page]
    url = site.url(page)

    everything_changed()
    cold = queries(client, url)
    warm = queries(client, url)
    site.grow(9)
    everything_changed()
    grown = queries(client, site.url(page))

    assert cold <= cold_budget
    assert warm <= warm_budget
    assert grown == cold
