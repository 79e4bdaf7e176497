import io
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

import coachsite.demo
from blog.models import Category, Comment, Post, Tag
from coachsite.models import Page
from core.models import SiteProfile
from newsletter.models import Campaign, Subscriber
from tests.coachsite.factories import PageFactory

pytestmark = pytest.mark.django_db


def load_demo_content(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def test_the_demo_is_a_whole_site_written_for_coachsite():
    assert "loaded" in load_demo_content("--if-empty")

    profile = SiteProfile.get_solo()
    assert profile.coach_name == "Sanne Verbeek"
    assert profile.photo.responsive
    assert set(Page.objects.values_list("key", flat=True)) == {"about", "privacy"}
    assert Category.objects.count() == 4
    assert Tag.objects.count() == 10
    assert Post.objects.published().count() >= 12
    assert Post.objects.scheduled().count() == 1
    assert Post.objects.filter(status=Post.Status.DRAFT).count() == 1
    for post in Post.objects.all():
        assert 600 <= len(strip_tags(post.body).split()) <= 1500, post.slug
        assert re.search(r"<h2>", post.body), post.slug
        assert post.image.file.responsive, post.slug
        assert post.image.alt_text, post.slug
        assert post.categories.exists() and post.tags.exists(), post.slug
    assert all(post.author.author_profile.photo for post in Post.objects.all())
    comments = Comment.objects.approved()
    assert comments.count() >= 30
    assert comments.filter(parent__isnull=False).count() >= 10
    assert comments.filter(author__isnull=False).exists()  # the coach replies
    assert 45 <= Subscriber.objects.count() <= 55
    sent = Campaign.objects.get(status=Campaign.Status.SENT)
    assert sent.deliveries.filter(status="sent").count() >= 30


def test_loading_the_demo_content_twice_changes_nothing(demo_content):
    before = list(Post.objects.values_list("pk", "slug", "body", "updated_at"))
    pages = list(Page.objects.values_list("pk", "body", "updated_at"))

    load_demo_content()

    assert list(Post.objects.values_list("pk", "slug", "body", "updated_at")) == before
    assert list(Page.objects.values_list("pk", "body", "updated_at")) == pages


def test_loading_again_keeps_what_the_coach_changed():
    coachsite.demo.load()
    about = Page.objects.get(key="about")
    about.title = "Wie ik ben"
    about.save()

    coachsite.demo.load()

    assert Page.objects.get(key="about").title == "Wie ik ben"


def test_if_empty_leaves_a_site_with_its_own_content_alone():
    PageFactory(title="Tarieven", slug="tarieven")

    load_demo_content("--if-empty")

    assert list(Page.objects.values_list("slug", flat=True)) == ["tarieven"]
    assert SiteProfile.get_solo().coach_name == ""
    assert not Post.objects.exists()
