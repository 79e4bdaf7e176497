"""Hostile and random input on every public form and query parameter: never a 500.

Hypothesis fills each form's fields (and some it does not have) with arbitrary text:
control characters, NUL bytes, huge values, markup, dates that do not exist. Half of
the time the form carries a genuine token, so validation runs to the end; the rate
limits are lifted so that every example reaches the form.
"""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from booking.links import manage_token
from booking.models import Booking
from core.protection import make_form_token as form_token
from newsletter.links import MANAGE as NEWSLETTER_MANAGE
from reviews.links import WRITE
from tests.blog.factories import published_post
from tests.booking.factories import BookingFactory, SessionTypeFactory, open_on
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from([
    "", " ", "0", "-1", "9" * 40, "1e309", "NaN", "\x00", "a\x00b", "\r\n\t",
    "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd",
    "2026-02-30T25:61Z", "9999-12-31T23:59Z", "0000-01-01T00:00Z", "Europe/Atlantis",
    "x" * 20_000, "😀" * 200, "\u202e\u200b", "https://", "javascript:alert(1)",
])  # fmt: skip
TEXT = st.one_of(NASTY, st.text(st.characters(exclude_categories=["Cs"]), max_size=200))
EXAMPLES = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def form(fields, purpose):
    """Values for `fields` and maybe some unknown ones; a real token half the time."""
    token = st.one_of(
        st.just(purpose).map(lambda p: form_token(p, issued_at=time.time() - 30)),
        TEXT,
    )
    return st.fixed_dictionaries(
        {"form_token": token, **dict.fromkeys(fields, TEXT)},
        optional={"company": TEXT, "unknown": TEXT, "parent": TEXT},
    )


@pytest.fixture
def site(demo_site, settings):
    for name in ("COMMENTS", "NEWSLETTER", "BOOKING", "REVIEWS"):
        setattr(settings, f"{name}_RATE_LIMIT", (10**9, 60))
    settings.BOOKING_FREE_PER_ADDRESS = settings.BOOKING_FREE_PER_NETWORK = (10**9, 60)
    open_on(range(7))
    session_type = SessionTypeFactory()
    future = BookingFactory(
        session_type=session_type, starts_at=timezone.now() + timedelta(days=10)
    )
    past = BookingFactory(
        session_type=session_type,
        starts_at=timezone.now() - timedelta(days=2),
        status=Booking.Status.COMPLETED,
    )
    manage = manage_token(future)
    return {
        "post": published_post().slug,
        "type": session_type.slug,
        "manage": manage,
        "review": WRITE.token(str(past.uid)),
        "subscriber": NEWSLETTER_MANAGE.token(SubscriberFactory().pk),
    }


def assert_no_server_error(response):
    assert response.status_code < 500, response.content[:500]


POST_FORMS = {
    "comment": (
        lambda s: reverse("blog:post_comment", kwargs={"slug": s["post"]}),
        form(["name", "email", "website", "body", "consent", "remember",
              "wants_reply_notices"], "comment"),
    ),
    "newsletter": (
        lambda s: reverse("newsletter:subscribe"),
        form(["email", "first_name", "new_posts", "consent", "source"], "newsletter"),
    ),
    "booking": (
        lambda s: reverse("booking:book", args=[s["type"]]),
        form(["start", "time_zone", "name", "email", "phone", "place", "consent",
              "intake_1", "intake_2"], "booking"),
    ),
    "review": (
        lambda s: reverse("reviews:write", kwargs={"token": s["review"]}),
        form(["rating", "text", "display_name", "consent"], "review"),
    ),
    "preferences": (
        lambda s: reverse("newsletter:preferences", kwargs={"token": s["subscriber"]}),
        st.fixed_dictionaries({"first_name": TEXT, "new_posts": TEXT}),
    ),
    "move": (
        lambda s: reverse("booking:move", kwargs={"token": s["manage"]}),
        st.fixed_dictionaries({"start": TEXT, "tz": TEXT}),
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", POST_FORMS)
def test_public_forms_never_answer_500(client, site, name):
    url_for, data = POST_FORMS[name]
    url = url_for(site)

    @EXAMPLES
    @given(data=data, as_json=st.booleans())
    def post(data, as_json):
        headers = {"Accept": "application/json"} if as_json else {}
        assert_no_server_error(client.post(url, data, headers=headers))

    post()


GET_PAGES = {
    "home": (lambda s: "/", ["page"]),
    "archive": (lambda s: reverse("blog:post_list"), ["page", "q"]),
    "search": (lambda s: reverse("blog:search"), ["q", "page"]),
    "post": (
        lambda s: reverse("blog:post_detail", kwargs={"slug": s["post"]}),
        ["page", "reply_to"],
    ),
    "reviews": (lambda s: reverse("reviews:list"), ["page"]),
    "times page": (lambda s: reverse("booking:choose_time", args=[s["type"]]),
                   ["from", "tz"]),
    "times JSON": (lambda s: reverse("booking:free_times", args=[s["type"]]),
                   ["from", "tz"]),
    "details": (lambda s: reverse("booking:book", args=[s["type"]]), ["start", "tz"]),
    "manage": (lambda s: reverse("booking:manage", kwargs={"token": s["manage"]}),
               ["from", "tz"]),
    "move": (lambda s: reverse("booking:move", kwargs={"token": s["manage"]}),
             ["start", "tz"]),
    "feed": (lambda s: reverse("blog:feed"), ["page"]),
}  # fmt: skip


@pytest.mark.parametrize("name", GET_PAGES)
def test_query_parameters_never_cause_a_500(client, site, name):
    url_for, params = GET_PAGES[name]
    url = url_for(site)

    @EXAMPLES
    @given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(params, TEXT)))
    def get(query):
        assert_no_server_error(client.get(url, query))

    get()


@EXAMPLES
@given(slug=TEXT)
def test_made_up_addresses_are_404_not_500(client, db, slug):
    for prefix in ("/blog/", "/afspraak/", "/", "/blog/categorie/"):
        response = client.get(prefix + slug.replace("/", "").replace("?", "") + "/")
        assert_no_server_error(response)
