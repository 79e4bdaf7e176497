"""A blog post can offer a session: its next three free times, each a link to book."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from booking.times.free_times import next_free_times
from booking.times.visitor_week import instant_param
from tests.blog.factories import published_post
from tests.booking.factories import BookingFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(demo_site, session_type):
    return published_post(title="Vertrouwen na een breuk", session_type=session_type)


def offered_links(client, post):
    return parse(client.get(post.get_absolute_url())).select(".call-to-action .times a")


def test_the_post_shows_the_next_three_free_times_with_links_to_book(client, post):
    expected = next_free_times(post.session_type, 3)

    links = offered_links(client, post)

    assert len(links) == 3
    starts = [parse_qs(urlsplit(link["href"]).query)["start"][0] for link in links]
    assert starts == [instant_param(moment) for moment in expected]
    assert all(client.get(link["href"]).status_code == 200 for link in links)


def test_a_booking_takes_its_time_off_the_post_at_once(client, post):
    first = offered_links(client, post)[0]  # the page is cached now
    start = next_free_times(post.session_type, 1)[0]

    BookingFactory(session_type=post.session_type, starts_at=start)

    assert offered_links(client, post)[0]["href"] != first["href"]


def test_a_post_without_a_session_or_with_an_inactive_one_shows_none(client, post):
    post.session_type.is_active = False
    post.session_type.save()

    assert offered_links(client, post) == []
    assert parse(client.get(post.get_absolute_url())).select_one(
        ".call-to-action .button"
    )


def test_offering_times_costs_a_fixed_few_queries(client, post):
    with CaptureQueriesContext(connection) as queries:
        client.get(post.get_absolute_url())

    # The post page's nine (one for the rating in the footer), four for the free times.
    assert len(queries) <= 13
