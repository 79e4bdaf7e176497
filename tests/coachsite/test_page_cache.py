import gzip
import re
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import Comment, Post
from coachsite.models import Page
from reviews.models import Review
from tests.blog.comments import post_comment
from tests.blog.factories import CategoryFactory, TagFactory, published_post
from tests.booking.factories import BookingFactory, SessionTypeFactory, open_on

pytestmark = pytest.mark.django_db


def queries_for(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.fixture
def post(demo_site):
    post = published_post(title="Eerste titel")
    post.categories.add(CategoryFactory(name="Communicatie"))
    post.tags.add(TagFactory(name="luisteren"))
    return post


@pytest.mark.parametrize("url", ["/", "/blog/", "/over-mij/", "/en/blog/"])
def test_an_anonymous_page_is_served_from_the_cache_the_second_time(client, post, url):
    first, _ = queries_for(client, url)
    second, _ = queries_for(client, url)

    assert first > 0
    assert second == 0


def test_editing_a_post_shows_at_once(client, post):
    queries_for(client, post.get_absolute_url())
    queries_for(client, "/blog/")

    post.title = "Nieuwe titel"
    post.save()

    assert "Nieuwe titel" in queries_for(client, post.get_absolute_url())[1]
    assert "Nieuwe titel" in queries_for(client, "/blog/")[1]


@pytest.mark.parametrize(
    "change",
    [
        lambda post: setattr_and_save(post.categories.get(), "name", "Gewijzigd"),
        lambda post: setattr_and_save(post.tags.get(), "name", "Gewijzigd"),
        lambda post: post.tags.add(TagFactory(name="Gewijzigd")),
        lambda post: setattr_and_save(
            Page.objects.get(key="about"), "title", "Gewijzigd"
        ),
    ],
    ids=["category", "tag", "tag added", "page"],
)
def test_any_change_to_what_pages_show_empties_the_cache(client, post, change):
    queries_for(client, post.get_absolute_url())
    queries_for(client, "/over-mij/")

    change(post)

    assert "Gewijzigd" in (
        queries_for(client, post.get_absolute_url())[1]
        + queries_for(client, "/over-mij/")[1]
    )


def setattr_and_save(instance, name, value):
    setattr(instance, name, value)
    instance.save()


def test_visitors_with_a_session_are_never_served_from_the_cache(client, post):
    queries_for(client, "/blog/")

    count, _ = queries_for(
        client, "/blog/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=x"
    )

    assert count > 0


def test_other_query_strings_are_not_cached(client, post):
    queries_for(client, "/blog/?onbekend=1")

    assert queries_for(client, "/blog/?onbekend=1")[0] > 0


def test_a_cached_page_costs_one_round_trip_to_the_cache(client, post, monkeypatch):
    """With Redis every round trip counts: the version and the page come together."""
    client.get("/blog/")
    calls, inside = [], []
    for name in ("get", "get_many", "set", "add", "incr"):
        original = getattr(cache, name)

        def counted(*args, _original=original, _name=name, **kwargs):
            if not inside:  # local memory's get_many calls get; Redis sends one MGET
                calls.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counted)

    assert client.get("/blog/").status_code == 200
    assert calls == ["get_many"]


@pytest.mark.parametrize("page", ["2", "3"])  # ?page=1 is sent to the address without
def test_page_numbers_are_cached(client, post, page):
    queries_for(client, f"/beoordelingen/?page={page}")

    assert queries_for(client, f"/beoordelingen/?page={page}")[0] == 0


@pytest.mark.parametrize("page", ["x" * 300, "99999999", "-1", "²"])
def test_made_up_page_numbers_are_served_but_never_fill_the_cache(client, post, page):
    """The reviews page shows the nearest page for any number, as 200."""
    queries_for(client, "/beoordelingen/", data={"page": page})

    assert queries_for(client, "/beoordelingen/", data={"page": page})[0] > 0


def test_a_cached_page_never_hides_a_scheduled_post_past_its_time(
    client, post, settings
):
    settings.PAGE_CACHE_SECONDS = 3600
    scheduled = published_post(title="Later vandaag", ago=-timedelta(seconds=1))
    queries_for(client, "/blog/")

    time.sleep(1.1)

    assert "Later vandaag" in queries_for(client, "/blog/")[1]
    assert scheduled.is_public


def test_a_broken_cache_makes_the_site_slower_not_broken(client, post, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.SOLO_CACHE = None

    response = client.get("/blog/")

    assert response.status_code == 200
    assert "Eerste titel" in response.content.decode()


def test_a_published_comment_shows_at_once_and_spam_leaves_the_cache_alone(
    client, post
):
    queries_for(client, post.get_absolute_url())
    Comment.objects.create(
        post=post, name="Bot", email="b@example.com", body="spam", status="spam"
    )
    assert queries_for(client, post.get_absolute_url())[0] == 0

    Comment.objects.create(
        post=post, name="Anouk", email="a@example.com", body="Mooi!", status="approved"
    )

    assert "Mooi!" in queries_for(client, post.get_absolute_url())[1]


@pytest.mark.parametrize("url", ["/", "/blog/", "/blog/feed/", "/en/blog/"])
def test_anonymous_pages_may_be_kept_by_a_cdn_and_revalidated(client, post, url):
    first = client.get(url)
    cached = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert first["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert cached["ETag"] == first["ETag"]
    assert again.status_code == 304
    assert again.content == b""


def test_a_changed_page_has_a_new_etag(client, post):
    first = client.get(post.get_absolute_url())

    post.title = "Nieuwe titel"
    post.save()
    changed = client.get(
        post.get_absolute_url(), headers={"If-None-Match": first["ETag"]}
    )

    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_personal_pages_are_kept_by_no_cache(client, post):
    client.cookies["sessionid"] = "someone"

    response = client.get(post.get_absolute_url())

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_html_is_compressed_for_browsers_that_accept_it(client, post):
    plain = client.get(post.get_absolute_url())
    compressed = client.get(
        post.get_absolute_url(), headers={"Accept-Encoding": "gzip, br"}
    )

    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    # About a third: the fresh form tokens go in as stored (uncompressed) blocks and
    # the random nonces do not compress, so the ratio varies a little by run.
    assert len(compressed.content) < len(plain.content) / 2.5
    assert gzip.decompress(compressed.content).startswith(b"<!doctype html>")


def test_a_compressed_page_from_the_cache_has_fresh_tokens_and_the_right_length(
    client, post
):
    gzip_please = {"Accept-Encoding": "gzip"}
    client.get(post.get_absolute_url())  # now cached
    first = client.get(post.get_absolute_url(), headers=gzip_please)
    time.sleep(0.1)  # tokens keep the time in tenths of a second
    second = client.get(post.get_absolute_url(), headers=gzip_please)

    pages = [gzip.decompress(response.content) for response in (first, second)]
    tokens = [re.findall(rb'name="form_token" value="([^"]+)"', p) for p in pages]
    assert first["Content-Encoding"] == "gzip"
    assert int(first["Content-Length"]) == len(first.content)
    assert len(tokens[0]) >= 2
    assert tokens[0] != tokens[1]
    assert re.sub(rb'value="[^"]+"', b"", pages[0]) == re.sub(
        rb'value="[^"]+"', b"", pages[1]
    )


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/blog/?page=02", "/blog/?page=2"),
        ("/blog/?page=%202%20", "/blog/?page=2"),
        ("/blog/?page=1", "/blog/"),
        ("/beoordelingen/?page=0", "/beoordelingen/"),
        ("/blog/?page=3&page=2", "/blog/?page=2"),
    ],
)
def test_odd_spellings_of_a_page_number_lead_to_its_one_address(client, asked, sent_to):
    response = client.get(asked)

    assert response.status_code == 301
    assert response["Location"] == sent_to


def test_host_port_and_tracking_parameters_share_one_cached_page(client, post):
    queries_for(client, "/blog/")

    for variant in [
        {"HTTP_HOST": "localhost:8000"},
        {"HTTP_HOST": "127.0.0.1"},
        {"data": {"utm_source": "nieuwsbrief", "fbclid": "abc"}},
    ]:
        assert queries_for(client, "/blog/", **variant)[0] == 0


def test_a_flood_of_cached_pages_leaves_the_rate_limits_alone(client, post, settings):
    """Counts live in the database: pages that push everything else out of the
    cache (here: all of it) reset no limit."""
    settings.COMMENTS_RATE_LIMIT = (2, 600)
    statuses = []
    for number in range(4):
        response = post_comment(client, post, body=f"Nummer {number}.")
        statuses.append(response.status_code)
        for page in range(2, 20):
            client.get("/beoordelingen/", {"page": page})
        cache.clear()

    assert statuses == [302, 302, 429, 429]


def cached(client, url):
    """Whether `url` comes from the page cache (no query at all)."""
    return queries_for(client, url)[0] == 0


PAGES = {
    "post": lambda post: post.get_absolute_url(),
    "other post": lambda post: (
        "/blog/" + Post.objects.exclude(pk=post.pk).get().slug + "/"
    ),
    "archive": lambda post: "/blog/",
    "home": lambda post: "/",
    "about": lambda post: "/over-mij/",
    "reviews": lambda post: "/beoordelingen/",
}


@pytest.fixture
def warm(client, post):
    """Every page above in the cache; returns which are still cached, later."""
    published_post(title="Ander bericht")
    urls = {name: url(post) for name, url in PAGES.items()}
    for url in urls.values():
        queries_for(client, url)
    return lambda: {name for name, url in urls.items() if cached(client, url)}


def test_a_comment_empties_its_post_and_the_lists_that_count_comments(post, warm):
    Comment.objects.create(
        post=post, name="Bas", email="b@example.com", body="Mooi.",
        status=Comment.Status.APPROVED,
    )  # fmt: skip

    assert warm() == {"other post", "about", "reviews"}


def test_a_comment_held_for_approval_empties_nothing(post, warm):
    Comment.objects.create(post=post, name="Bas", email="b@example.com", body="Hm.")

    assert warm() == set(PAGES)


def test_a_post_edited_leaves_the_pages_without_posts(post, warm):
    post.title = "Nieuwe titel"
    post.save()

    assert warm() == {"about", "reviews"}


def test_a_booking_empties_only_the_posts_that_offer_free_times(client, post, warm):
    open_on(range(7))
    session_type = SessionTypeFactory()
    offering = published_post(title="Met vrije tijden", session_type=session_type)
    queries_for(client, offering.get_absolute_url())
    warm()  # all in the cache again, after the new post

    BookingFactory(
        session_type=session_type, starts_at=timezone.now() + timedelta(days=3)
    )

    assert not cached(client, offering.get_absolute_url())
    assert warm() == set(PAGES)


def test_the_site_profile_and_a_review_show_everywhere(post, warm):
    Review.objects.create(
        rating=5, text="Fijn.", display_name="A.", source="Google", status="published"
    )

    assert warm() == set()
