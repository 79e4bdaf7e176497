"""A post may have a translation: each lives at its address in its own language,
hreflang links only real translations, and Dutch text is never served as English."""

import pytest
from django.core.exceptions import ValidationError

from tests.blog.factories import PostFactory, TagFactory, published_post
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch():
    return published_post(title="Vertrouwen herstellen", slug="vertrouwen-herstellen")


@pytest.fixture
def english(dutch):
    return published_post(
        title="Restoring trust", slug="restoring-trust", lang="en", translation_of=dutch
    )


def alternates(response):
    return {
        link["hreflang"]: link["href"]
        for link in parse(response).select("link[rel=alternate][hreflang]")
    }


def test_a_dutch_post_without_translation_is_not_presented_as_english(
    client, dutch, settings
):
    response = client.get("/en/blog/vertrouwen-herstellen/")

    assert response.status_code == 302
    assert response["Location"] == "/blog/vertrouwen-herstellen/"
    page = client.get(response["Location"])
    assert parse(page).html["lang"] == "nl"
    assert alternates(page) == {}  # no other language to point to
    assert "Read this post in" not in page.content.decode()


def test_a_translation_is_linked_both_ways_and_for_search_engines(
    client, dutch, english, settings
):
    site = settings.SITE_URL
    both = {
        "nl": f"{site}/blog/vertrouwen-herstellen/",
        "en": f"{site}/en/blog/restoring-trust/",
        "x-default": f"{site}/blog/vertrouwen-herstellen/",
    }

    in_dutch = client.get("/blog/vertrouwen-herstellen/")
    in_english = client.get("/en/blog/restoring-trust/")

    assert alternates(in_dutch) == alternates(in_english) == both
    assert parse(in_english).html["lang"] == "en"
    link = parse(in_dutch).select_one(".post-translation a")
    assert (link["href"], link.get_text()) == (
        "/en/blog/restoring-trust/",
        "Read this post in English",
    )
    back = parse(in_english).select_one(".post-translation a")
    assert (back["href"], back.get_text()) == (
        "/blog/vertrouwen-herstellen/",
        "Lees dit bericht in het Nederlands",
    )


def test_each_language_s_address_leads_to_the_version_in_that_language(
    client, dutch, english
):
    assert client.get("/en/blog/vertrouwen-herstellen/")["Location"] == (
        "/en/blog/restoring-trust/"
    )
    assert client.get("/blog/restoring-trust/")["Location"] == (
        "/blog/vertrouwen-herstellen/"
    )
    alone = published_post(title="Only in English", slug="only-english", lang="en")
    assert client.get("/blog/only-english/")["Location"] == alone.get_absolute_url()


def test_an_unpublished_translation_is_not_linked(client, dutch):
    PostFactory(title="Restoring trust", slug="restoring-trust", lang="en",
                translation_of=dutch)  # fmt: skip

    page = client.get("/blog/vertrouwen-herstellen/")

    assert alternates(page) == {}
    assert client.get("/en/blog/vertrouwen-herstellen/")["Location"] == (
        "/blog/vertrouwen-herstellen/"
    )


def test_the_archive_shows_each_post_once_in_the_reader_s_language(
    client, dutch, english
):
    only_dutch = published_post(title="Alleen in het Nederlands")

    archive = parse(client.get("/blog/")).select(".post-card-title a")
    english_archive = parse(client.get("/en/blog/")).select(".post-card-title a")

    assert {a.get_text() for a in archive} == {
        "Vertrouwen herstellen", "Alleen in het Nederlands",
    }  # fmt: skip
    assert {(a.get_text(), a["href"]) for a in english_archive} == {
        ("Restoring trust", "/en/blog/restoring-trust/"),
        ("Alleen in het Nederlands", only_dutch.get_absolute_url()),
    }


def test_a_translation_is_in_another_language_than_its_original(dutch):
    copy = PostFactory.build(slug="kopie", lang="nl", translation_of=dutch,
                             author=dutch.author)  # fmt: skip

    with pytest.raises(ValidationError) as error:
        copy.full_clean()
    assert "lang" in error.value.message_dict


def test_the_lists_around_a_post_leave_out_its_translation(client, dutch, english):
    other = published_post(title="Grenzen", slug="grenzen")
    for post in (dutch, english, other):
        post.tags.add(
            TagFactory(slug="vertrouwen") if post is dutch else dutch.tags.get()
        )

    page = parse(client.get("/blog/vertrouwen-herstellen/"))

    shown = {a.get_text() for a in page.select(".more-posts a")}
    assert "Grenzen" in shown
    assert "Restoring trust" not in shown
