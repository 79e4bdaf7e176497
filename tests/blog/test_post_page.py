import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.versions import everything_changed, forget_pages
from tests.blog.factories import (
    AuthorProfileFactory,
    CategoryFactory,
    StaffUserFactory,
    TagFactory,
    published_post,
)
from tests.html import check_page_head, parse
from tests.images import library_image

pytestmark = pytest.mark.django_db

DEMO_POSTS = Path(settings.BASE_DIR) / "blog" / "demo_data" / "posts"


def long_body():
    """About 1,300 words of real text with subheadings, like a demo post."""
    return "".join(
        (DEMO_POSTS / name).read_text()
        for name in ("vertrouwen-herstellen.html", "jaloezie.html")
    )


@pytest.fixture
def post(demo_site):
    author = StaffUserFactory(username="sanne", first_name="Sanne")
    AuthorProfileFactory(user=author, bio="Relatiecoach in Utrecht.")
    post = published_post(
        title="Vertrouwen na een breuk",
        author=author,
        body=long_body(),
        meta_description="Hoe je weer houvast vindt als het vertrouwen breekt.",
        focus_keywords="vertrouwen, relatie",
        image=library_image(alt_text="Twee ringen"),
        featured_image_caption="Verbonden",
    )
    post.categories.add(CategoryFactory(name="Vertrouwen", slug="vertrouwen"))
    post.tags.add(TagFactory(name="jaloezie", slug="jaloezie"))
    return post


def test_the_post_page_shows_everything_a_reader_needs(client, post):
    response = client.get(post.get_absolute_url())

    soup = parse(response)
    check_page_head(
        soup, lang="nl", canonical=settings.SITE_URL + post.get_absolute_url()
    )
    assert soup.h1.get_text() == "Vertrouwen na een breuk"
    meta = soup.find(class_="post-meta").get_text()
    assert post.published_at.strftime("%Y") in meta
    assert "minuten lezen" in meta
    assert "door Sanne Verbeek" in meta
    assert soup.find("a", href="/blog/categorie/vertrouwen/")
    assert soup.find("a", href="/blog/tag/jaloezie/", rel="tag")
    assert soup.find("figcaption").get_text() == "Verbonden"
    assert "Relatiecoach in Utrecht." in soup.find(class_="author-box").get_text()
    assert soup.find(class_="author-box").find("a", href="/over-mij/")
    assert soup.find(class_="call-to-action")
    assert "Deel dit artikel" in soup.find(class_="share").get_text()


def test_the_reading_time_follows_the_length(post):
    assert post.word_count > 1200
    assert post.reading_minutes == -(-post.word_count // 200)


def test_the_featured_image_is_responsive_and_loads_first(client, post):
    soup = parse(client.get(post.get_absolute_url()))

    picture = soup.find(class_="post-figure").find("picture")
    webp, img = picture.find("source"), picture.find("img")
    assert webp["type"] == "image/webp"
    assert webp["srcset"].count("w,") == 3  # 400, 800, 1200, 1600 wide
    assert (img["width"], img["height"]) == ("1600", "900")
    assert img["alt"] == "Twee ringen"
    assert img["fetchpriority"] == "high"
    assert "loading" not in img.attrs


def test_share_links_are_plain_links_to_each_network(client, post):
    soup = parse(client.get(post.get_absolute_url()))

    links = [a["href"] for a in soup.find(class_="share-links").find_all("a")]

    url = f"{settings.SITE_URL}{post.get_absolute_url()}".replace(":", "%3A").replace(
        "/", "%2F"
    )
    assert [link.split("?")[0] for link in links] == [
        "https://www.facebook.com/sharer/sharer.php",
        "https://www.linkedin.com/sharing/share-offsite/",
        "https://wa.me/",
        "https://x.com/intent/post",
        "mailto:",
    ]
    assert all(url in link for link in links[:4])
    assert soup.find("button", attrs={"data-copy": True})["hidden"] == ""


def test_structured_data_describes_the_post_and_its_breadcrumbs(client, post):
    soup = parse(client.get(post.get_absolute_url()))

    blocks = [
        json.loads(s.string)
        for s in soup.find_all("script", type="application/ld+json")
    ]

    posting, breadcrumbs = blocks
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Vertrouwen na een breuk"
    assert posting["datePublished"] == post.published_at.isoformat()
    assert posting["author"]["name"] == "Sanne Verbeek"
    assert posting["image"].startswith(settings.SITE_URL)
    assert posting["publisher"]["name"] == "Sanne Verbeek"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home", "Blog", "Vertrouwen", "Vertrouwen na een breuk",
    ]  # fmt: skip


def test_open_graph_shares_the_post_with_its_image(client, post):
    soup = parse(client.get(post.get_absolute_url()))

    assert soup.find("meta", property="og:type")["content"] == "article"
    image = soup.find("meta", property="og:image")["content"]
    assert image.startswith(settings.SITE_URL) and image.endswith("-1200w.jpg")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == (
        "summary_large_image"
    )


def test_a_noindex_post_asks_search_engines_to_stay_away(client, post):
    post.noindex = True
    post.save()

    soup = parse(client.get(post.get_absolute_url()))

    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_related_posts_share_tags_and_categories_most_first(client, post):
    tag, category = post.tags.get(), post.categories.get()
    both = published_post(title="Beide")
    both.tags.add(tag)
    both.categories.add(category)
    only_tag = published_post(title="Alleen tag")
    only_tag.tags.add(tag)
    published_post(title="Nieuwste, niet verwant", ago=timedelta(minutes=1))

    related = client.get(post.get_absolute_url()).context["related_posts"]

    assert [p.title for p in related] == [
        "Beide",
        "Alleen tag",
        "Nieuwste, niet verwant",
    ]
    assert post not in related


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_post_page_makes_the_same_few_queries_however_much_it_shows(client, post):
    everything_changed()  # every fragment made afresh, as after an edit
    few = query_count(client, post.get_absolute_url())
    category, tag = post.categories.get(), post.tags.get()
    for number in range(12):
        other = published_post(title=f"Ander bericht {number}")
        other.categories.add(category, CategoryFactory())
        other.tags.add(tag, TagFactory())
        post.categories.add(CategoryFactory())
        post.tags.add(TagFactory())

    everything_changed()
    many = query_count(client, post.get_absolute_url())
    forget_pages(post.paths())
    warm = query_count(client, post.get_absolute_url())

    assert many == few
    assert many <= 10
    assert warm <= 2  # the post, its comments: the rest is kept as fragments


def test_a_long_post_page_stays_light(client, post):
    response = client.get(post.get_absolute_url())

    assert len(response.content) < 60 * 1024
    stylesheets = parse(response).find_all("link", rel="stylesheet")
    css = sum(
        (Path(settings.BASE_DIR) / "static" / s["href"].removeprefix("/static/"))
        .stat()
        .st_size
        for s in stylesheets
    )
    assert css < 20 * 1024
    for script in parse(response).find_all("script", src=True):
        assert script.has_attr("defer")
