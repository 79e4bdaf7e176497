"""The buttons under a post say what happens: publish, schedule, save a draft,
update; "Preview" shows the unsaved form as visitors would see it."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from blog.models import Post
from tests.blog.factories import PostFactory, published_post, scheduled_post
from tests.html import form_values, parse

pytestmark = pytest.mark.django_db

ADD = reverse("admin:blog_post_add")


def change_url(post):
    return reverse("admin:blog_post_change", args=[post.pk])


def press(client, url, button, **changes):
    """Send the form at `url` as it is, with `changes`, by the button `button`."""
    data = {**form_values(client.get(url), "post_form"), **changes, button: "x"}
    return client.post(url, data, follow=True)


def buttons(client, url):
    return [
        field["name"]
        for field in parse(client.get(url)).select(".publish-row [type=submit]")
    ]


def new_post(**fields):
    return {"title": "Vertrouwen", "body": "<p>Over vertrouwen.</p>", **fields}


def test_the_buttons_follow_the_state_of_the_post(admin_client):
    assert buttons(admin_client, ADD) == ["_draft", "_publish", "_schedule", "_preview"]
    live, later = published_post(), scheduled_post()
    assert buttons(admin_client, change_url(live)) == ["_update", "_draft", "_preview"]
    assert buttons(admin_client, change_url(later)) == [
        "_update", "_publish", "_draft", "_preview",
    ]  # fmt: skip
    assert 'name="status"' not in admin_client.get(ADD).content.decode()


def test_publish_puts_a_new_post_online_now_and_stays_in_the_editor(admin_client):
    response = press(admin_client, ADD, "_publish", **new_post())

    post = Post.objects.get()
    assert post.is_public
    assert timezone.now() - post.published_at < timedelta(minutes=1)
    assert response.redirect_chain[-1][0] == change_url(post)
    assert "Het bericht staat online." in response.content.decode()


def test_enter_in_a_new_post_saves_a_draft(admin_client):
    press(admin_client, ADD, "_save", **new_post())
    assert Post.objects.get().status == Post.Status.DRAFT


def test_schedule_needs_a_moment_in_the_future(admin_client, worker):
    past = press(
        admin_client,
        ADD,
        "_schedule",
        **new_post(published_at_0="2020-01-01", published_at_1="09:00"),
    )
    assert not Post.objects.exists()
    assert "Kies een moment in de toekomst" in past.content.decode()

    moment = timezone.localtime() + timedelta(days=2)
    response = press(
        admin_client,
        ADD,
        "_schedule",
        **new_post(published_at_0=moment.strftime("%Y-%m-%d"), published_at_1="09:00"),
    )
    post = Post.objects.get()
    assert post.is_scheduled
    assert "Ingepland: het bericht verschijnt op" in response.content.decode()


def test_update_keeps_a_live_post_live_with_its_date(admin_client):
    post = published_post(ago=timedelta(days=30))
    published_at = post.published_at

    press(admin_client, change_url(post), "_update", title="Nieuwe titel")

    post.refresh_from_db()
    assert (post.title, post.is_public) == ("Nieuwe titel", True)
    assert post.published_at == published_at.replace(microsecond=0)


def test_a_scheduled_post_can_go_out_now_and_a_live_one_back_to_draft(admin_client):
    later, live = scheduled_post(), published_post()

    press(admin_client, change_url(later), "_publish")
    press(admin_client, change_url(live), "_draft")

    later.refresh_from_db()
    live.refresh_from_db()
    assert later.is_public
    assert live.status == Post.Status.DRAFT


def test_preview_shows_the_unsaved_text_at_phone_and_computer_width(admin_client):
    post = published_post(title="Vertrouwen", body="<p>Het oude verhaal.</p>")
    url = change_url(post)
    data = form_values(admin_client.get(url), "post_form")
    data.update(title="Vertrouwen herzien", body="<p>Het nieuwe verhaal.</p>")

    preview = reverse("admin:blog_post_preview", args=[post.pk])
    response = admin_client.post(preview, data)

    frames = parse(response).select(".previews iframe")
    assert [frame.find_parent("figure")["class"][-1] for frame in frames] == [
        "preview-phone",
        "preview-desktop",
    ]
    page = parse_srcdoc(frames[0])
    assert page.select_one("h1").get_text() == "Vertrouwen herzien"
    assert "Het nieuwe verhaal." in page.select_one(".prose").get_text()
    post.refresh_from_db()
    assert post.title == "Vertrouwen"  # nothing saved
    public = admin_client.get(post.get_absolute_url()).content.decode()
    assert "Het oude verhaal." in public and "Het nieuwe verhaal." not in public


def test_a_new_post_can_be_previewed_before_it_exists(admin_client):
    data = {**form_values(admin_client.get(ADD), "post_form"), **new_post()}
    response = admin_client.post(reverse("admin:blog_post_preview"), data)

    page = parse_srcdoc(parse(response).select_one(".preview-phone iframe"))
    assert page.select_one("h1").get_text() == "Vertrouwen"
    assert page.html["lang"] == "nl"
    assert not Post.objects.exists()


def test_preview_is_for_those_who_may_edit_and_only_by_post(admin_client, client):
    post = PostFactory()
    url = reverse("admin:blog_post_preview", args=[post.pk])
    assert admin_client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 302  # to the login page


def parse_srcdoc(frame):
    """The page inside a preview frame (the attribute comes unescaped)."""
    return BeautifulSoup(frame["srcdoc"], "html.parser")
