import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from blog.models import Post
from tests.blog.factories import (
    CategoryFactory,
    PostFactory,
    published_post,
    scheduled_post,
)
from tests.html import parse

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:blog_post_changelist")


def post_form(**overrides):
    return {
        "title": "Nieuw bericht",
        "slug": "nieuw-bericht",
        "body": "<p>Tekst</p>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "author": "",
        "lang": "nl",
        "allow_comments": "on",
        **overrides,
    }


def test_the_post_list_shows_status_date_and_categories(admin_client):
    post = published_post(title="Live")
    post.categories.add(CategoryFactory(name="Gezin"))
    scheduled_post(title="Straks")
    PostFactory(title="Idee")

    soup = parse(admin_client.get(CHANGELIST))

    rows = {
        row.find("th").get_text(): row.get_text()
        for row in soup.select("#result_list tbody tr")
    }
    assert "Gepubliceerd" in rows["Live"] and "Gezin" in rows["Live"]
    assert "Gepland" in rows["Straks"]
    assert "Concept" in rows["Idee"]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("scheduled", ["Straks"]), ("draft", ["Idee"]), ("published", ["Live"])],
)
def test_the_post_list_filters_by_derived_state(admin_client, state, expected):
    published_post(title="Live")
    scheduled_post(title="Straks")
    PostFactory(title="Idee")

    soup = parse(admin_client.get(CHANGELIST, {"state": state}))

    assert [
        row.find("th").get_text() for row in soup.select("#result_list tbody tr")
    ] == expected


def test_the_admin_searches_titles_and_text(admin_client):
    published_post(title="Jaloezie", body="<p>Over onzekerheid</p>")
    published_post(title="Grenzen")

    soup = parse(admin_client.get(CHANGELIST, {"q": "onzekerheid"}))

    assert [
        row.find("th").get_text() for row in soup.select("#result_list tbody tr")
    ] == ["Jaloezie"]


def test_publish_and_unpublish_actions(admin_client):
    draft, live = PostFactory(title="Idee"), published_post(title="Live")

    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    admin_client.post(
        CHANGELIST, {"action": "unpublish", "_selected_action": [live.pk]}
    )

    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.is_public
    assert live.status == Post.Status.DRAFT


def test_the_publish_action_explains_a_post_it_cannot_publish(admin_client):
    broken = PostFactory(title="Zoeken", slug="zoeken")  # the search page's address

    response = admin_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [broken.pk]}, follow=True
    )

    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("al gebruikt door een ander deel" in text for text in texts)
    broken.refresh_from_db()
    assert broken.status == Post.Status.DRAFT


def test_a_new_post_is_written_by_the_current_user_and_warned_about_seo(
    admin_client, admin_user
):
    form = parse(admin_client.get(reverse("admin:blog_post_add")))
    assert form.find("select", id="id_author").find("option", selected=True)[
        "value"
    ] == str(admin_user.pk)

    response = admin_client.post(
        reverse("admin:blog_post_add"), post_form(author=admin_user.pk), follow=True
    )

    texts = [str(message) for message in get_messages(response.wsgi_request)]
    assert "Het bericht heeft geen metabeschrijving." in texts
    assert Post.objects.get(slug="nieuw-bericht").author == admin_user


def test_the_post_editor_uses_ckeditor_with_image_upload(admin_client):
    content = admin_client.get(reverse("admin:blog_post_add")).content.decode()

    assert 'class="django_ckeditor_5"' in content
    assert "uploadImage" in content
    assert 'data-upload-url="/editor/images/"' in content


def test_view_on_site_links_to_the_post(admin_client):
    post = PostFactory(title="Idee")

    content = admin_client.get(
        reverse("admin:blog_post_change", args=[post.pk])
    ).content.decode()

    assert "viewsitelink" in content
