from datetime import timedelta

import pytest
from django.conf import settings

from tests.blog.factories import CategoryFactory, TagFactory, published_post
from tests.html import check_page_head, parse

pytestmark = pytest.mark.django_db


def titles(response):
    return [h.get_text() for h in parse(response).select(".post-card-title")]


def test_the_archive_lists_posts_newest_first_ten_to_a_page(client):
    for day in range(12):
        published_post(title=f"Dag {day}", ago=timedelta(days=day))

    first, second = client.get("/blog/"), client.get("/blog/?page=2")

    assert titles(first) == [f"Dag {day}" for day in range(10)]
    assert titles(second) == ["Dag 10", "Dag 11"]
    check_page_head(parse(first), lang="nl", canonical=f"{settings.SITE_URL}/blog/")
    check_page_head(
        parse(second), lang="nl", canonical=f"{settings.SITE_URL}/blog/?page=2"
    )
    assert parse(first).find("a", rel="next")["href"] == "?page=2"


@pytest.mark.parametrize("page", ["3", "abc", "-1", "99999999999999999999"])
def test_a_page_that_does_not_exist_is_a_friendly_404(client, page):
    published_post()

    response = client.get(f"/blog/?page={page}")

    assert response.status_code == 404
    assert parse(response).h1.get_text() == "Pagina niet gevonden"


def test_a_category_page_lists_its_own_posts_with_its_description(client):
    family = CategoryFactory(name="Gezin", slug="gezin", description="Over het gezin.")
    inside = published_post(title="Erin")
    published_post(title="Erbuiten")
    inside.categories.add(family)

    response = client.get("/blog/categorie/gezin/")

    assert titles(response) == ["Erin"]
    soup = parse(response)
    assert soup.h1.get_text() == "Gezin"
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Over het gezin."
    )
    assert client.get("/en/blog/category/gezin/").status_code == 200


def test_a_tag_page_lists_its_own_posts(client):
    tag = TagFactory(name="grenzen", slug="grenzen")
    tagged = published_post(title="Met tag")
    tagged.tags.add(tag)
    published_post(title="Zonder tag")

    assert titles(client.get("/blog/tag/grenzen/")) == ["Met tag"]


def test_an_unknown_category_or_tag_is_404(client, db):
    assert client.get("/blog/categorie/bestaat-niet/").status_code == 404
    assert client.get("/blog/tag/bestaat-niet/").status_code == 404


def test_an_empty_blog_says_so(client, db):
    assert "Hier staan nog geen berichten." in client.get("/blog/").content.decode()


def test_a_post_slug_cannot_hide_behind_a_fixed_blog_address(db):
    from django.core.exceptions import ValidationError

    post = published_post(slug="feed")

    with pytest.raises(ValidationError, match="al gebruikt"):
        post.full_clean()


def test_slugs_are_made_from_titles_and_kept_unique(db):
    first = published_post(title="Grenzen aangeven")
    second = published_post(title="Grenzen aangeven")

    assert (first.slug, second.slug) == ("grenzen-aangeven", "grenzen-aangeven-2")
