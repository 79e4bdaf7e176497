"""A live post whose address changes keeps answering its old address with a
permanent redirect, for ever; the sitemap knows only the new one."""

import pytest
from django.urls import reverse

from blog.models import OldSlug, Post
from tests.blog.factories import PostFactory, published_post

pytestmark = pytest.mark.django_db


def rename(post, slug):
    post.slug = slug
    post.save()


def test_the_old_address_of_a_live_post_redirects_for_good(client):
    post = published_post(slug="vertrouwen")
    rename(post, "vertrouwen-in-relaties")

    old = client.get("/blog/vertrouwen/")
    assert old.status_code == 301
    assert old["Location"] == "/blog/vertrouwen-in-relaties/"
    assert client.get("/blog/vertrouwen-in-relaties/").status_code == 200
    english = client.get("/en/blog/vertrouwen/")  # Dutch text: at its Dutch address
    assert (english.status_code, english["Location"]) == (
        301,
        "/blog/vertrouwen-in-relaties/",
    )
    sitemap = client.get(reverse("sitemap")).text
    assert "/blog/vertrouwen-in-relaties/" in sitemap
    assert "/blog/vertrouwen/" not in sitemap


def test_renamed_twice_every_old_address_leads_straight_to_the_new(client):
    post = published_post(slug="een")
    rename(post, "twee")
    rename(post, "drie")

    for old in ("een", "twee"):
        response = client.get(f"/blog/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/blog/drie/")


def test_a_draft_renamed_leaves_nothing_behind(client):
    draft = PostFactory(slug="concept", status=Post.Status.DRAFT)
    rename(draft, "nog-een-concept")
    assert not OldSlug.objects.exists()
    assert client.get("/blog/concept/").status_code == 404


def test_a_new_post_may_take_an_old_address(client):
    first = published_post(slug="grenzen", title="Grenzen")
    rename(first, "grenzen-stellen")
    second = published_post(slug="grenzen", title="Nieuw over grenzen")

    response = client.get("/blog/grenzen/")
    assert response.status_code == 200
    assert second.title in response.text
    assert not OldSlug.objects.filter(slug="grenzen").exists()


def test_an_old_address_of_a_post_taken_offline_is_gone(client):
    post = published_post(slug="oud")
    rename(post, "nieuw")
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    assert client.get("/blog/oud/").status_code == 404
