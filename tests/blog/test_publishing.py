import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from blog.services import publish_post, unpublish_post
from tests.blog.factories import (
    CategoryFactory,
    PostFactory,
    TagFactory,
    published_post,
    scheduled_post,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_states():
    """A public, a scheduled and a draft post, sharing a category and a tag."""
    category, tag = CategoryFactory(slug="vertrouwen"), TagFactory(slug="jaloezie")
    posts = {
        "public": published_post(title="Openbaar bericht over vertrouwen"),
        "scheduled": scheduled_post(title="Gepland bericht over vertrouwen"),
        "draft": PostFactory(title="Concept bericht over vertrouwen"),
    }
    for post in posts.values():
        post.categories.add(category)
        post.tags.add(tag)
    return posts


PLACES = {
    "archive": lambda: reverse("blog:post_list"),
    "category": lambda: reverse("blog:category", kwargs={"slug": "vertrouwen"}),
    "tag": lambda: reverse("blog:tag", kwargs={"slug": "jaloezie"}),
    "search": lambda: reverse("blog:search") + "?q=vertrouwen",
    "rss feed": lambda: reverse("blog:feed"),
    "atom feed": lambda: reverse("blog:atom_feed"),
    "sitemap": lambda: reverse("sitemap"),
    "home": lambda: reverse("coachsite:home"),
}


@pytest.mark.parametrize("place", PLACES)
def test_only_published_posts_appear(client, three_states, place):
    content = client.get(PLACES[place]()).content.decode()

    assert three_states["public"].title in content or "openbaar-bericht" in content
    assert "Gepland bericht" not in content and "gepland-bericht" not in content
    assert "Concept bericht" not in content and "concept-bericht" not in content


def test_related_and_latest_posts_are_only_published_ones(client, three_states):
    other = published_post(title="Nog een openbaar bericht")
    other.categories.add(*three_states["public"].categories.all())

    response = client.get(other.get_absolute_url())

    assert list(response.context["related_posts"]) == [three_states["public"]]
    assert list(response.context["latest_posts"]) == [three_states["public"]]
    assert response.context["previous_post"] == three_states["public"]
    assert not response.context["next_post"]  # lazy: nothing to show


@pytest.mark.parametrize("state", ["scheduled", "draft"])
def test_an_unpublished_post_is_not_found_by_visitors(client, three_states, state):
    response = client.get(three_states[state].get_absolute_url())

    assert response.status_code == 404


@pytest.mark.parametrize("state", ["scheduled", "draft"])
def test_staff_preview_unpublished_posts_at_their_address(
    admin_client, three_states, state
):
    response = admin_client.get(three_states[state].get_absolute_url())

    assert response.status_code == 200
    soup = parse(response)
    assert "Voorbeeld" in soup.find(class_="preview-notice").get_text()
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "private" in response["Cache-Control"]


def test_a_scheduled_post_appears_by_itself_at_its_time(client):
    post = scheduled_post(title="Verschijnt zo meteen", ahead=timedelta(seconds=1.5))
    assert "Verschijnt zo meteen" not in client.get("/blog/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 404

    time.sleep(1.6)

    assert "Verschijnt zo meteen" in client.get("/blog/").content.decode()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_publishing_without_a_date_publishes_now():
    post = PostFactory()

    publish_post(post=post)

    assert post.status == Post.Status.PUBLISHED
    assert abs(post.published_at - timezone.now()) < timedelta(seconds=5)
    assert post.is_public


def test_publishing_a_scheduled_post_publishes_it_now():
    post = scheduled_post()

    publish_post(post=post)

    assert post.is_public


def test_unpublishing_keeps_the_date_for_later():
    post = published_post(ago=timedelta(days=3))
    published_at = post.published_at

    unpublish_post(post=post)

    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert post.published_at == published_at
    assert not post.is_public


def test_the_state_is_derived_not_stored():
    assert PostFactory().state_label == "Concept"
    assert scheduled_post().state_label == "Gepland"
    assert published_post().state_label == "Gepubliceerd"
