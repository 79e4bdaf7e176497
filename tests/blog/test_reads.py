"""What readers read, without trackers: a beacon counts a read once a day per
reader, stores no address and sets no cookie, and cached pages stay cached."""

import pytest
from django.urls import reverse

from blog.models import Post, ReadCount
from tests.blog.factories import PostFactory, published_post

pytestmark = pytest.mark.django_db


def beacon(client, post, ip="10.7.7.7"):
    return client.post(reverse("blog:read", args=[post.pk]), REMOTE_ADDR=ip)


def test_a_read_counts_once_a_day_per_reader(client):
    post = published_post()
    for ip in ("10.7.7.7", "10.7.7.7", "10.8.8.8"):
        response = beacon(client, post, ip)
        assert response.status_code == 204
        assert not response.cookies
    assert ReadCount.objects.get(post=post).count == 2


def test_only_published_posts_are_counted_and_only_by_post(client):
    draft = PostFactory(status=Post.Status.DRAFT)
    assert beacon(client, draft).status_code == 404
    post = published_post()
    assert client.get(reverse("blog:read", args=[post.pk])).status_code == 405
    assert not ReadCount.objects.exists()


def test_the_post_page_carries_the_beacon_and_stays_cacheable(client):
    post = published_post()
    response = client.get(post.get_absolute_url())
    assert f'data-read-url="{reverse("blog:read", args=[post.pk])}"' in response.text
    assert not response.cookies
    assert "private" not in response.get("Cache-Control", "")


def test_the_dashboard_shows_the_most_read_posts(admin_client):
    popular, quiet = published_post(title="Vertrouwen"), published_post(title="Stil")
    for number in range(3):
        beacon(admin_client, popular, f"10.9.9.{number}")
    beacon(admin_client, quiet, "10.9.9.9")

    text = admin_client.get(reverse("admin:index")).text
    assert text.index("Vertrouwen") < text.index("Stil")
    assert "3 keer gelezen" in text
