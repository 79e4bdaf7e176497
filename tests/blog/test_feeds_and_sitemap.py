import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from tests.blog.factories import CategoryFactory, TagFactory, published_post
from tests.html import parse
from tests.images import library_image

pytestmark = pytest.mark.django_db

NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "sitemap": "http://www.sitemaps.org/schemas/sitemap/0.9",
}


@pytest.fixture
def post(demo_site):
    post = published_post(
        title="Luisteren & begrijpen",
        body='<h2>Kop</h2><p>Lees ook <a href="/blog/">het archief</a>.</p>',
        image=library_image(alt_text="Ringen"),
    )
    post.categories.add(CategoryFactory(name="Communicatie"))
    return post


def test_the_rss_feed_carries_the_full_text_and_the_image(client, post):
    response = client.get("/blog/feed/")

    assert response["Content-Type"].startswith("application/rss+xml")
    item = ET.fromstring(response.content).find("channel/item")
    assert item.findtext("title") == "Luisteren & begrijpen"
    assert item.findtext("link") == settings.SITE_URL + post.get_absolute_url()
    assert item.findtext("category") == "Communicatie"
    content = item.findtext("content:encoded", namespaces=NS)
    assert "<h2>Kop</h2>" in content
    assert f'href="{settings.SITE_URL}/blog/"' in content
    assert f'src="{settings.SITE_URL}/media/' in content
    assert '="/' not in content  # no link or image left relative to the site
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith(settings.SITE_URL)
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) > 0


def test_the_atom_feed_carries_the_full_text(client, post):
    response = client.get("/blog/feed/atom/")

    entry = ET.fromstring(response.content).find("atom:entry", NS)
    assert entry.findtext("atom:title", namespaces=NS) == "Luisteren & begrijpen"
    content = entry.find("atom:content", NS)
    assert content.get("type") == "html"
    assert "<h2>Kop</h2>" in content.text


def test_every_page_points_feed_readers_to_the_feeds(client, demo_site):
    soup = parse(client.get("/"))

    feeds = {
        link["type"]: link["href"]
        for link in soup.find_all("link", rel="alternate", type=True)
    }
    assert feeds == {
        "application/rss+xml": "/blog/feed/",
        "application/atom+xml": "/blog/feed/atom/",
    }


def sitemap_entries(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.findtext("sitemap:loc", namespaces=NS): url.findtext(
            "sitemap:lastmod", namespaces=NS
        )
        for url in root.findall("sitemap:url", NS)
    }


def test_the_sitemap_lists_posts_categories_tags_and_pages(client, post):
    tag = TagFactory(slug="luisteren")
    post.tags.add(tag)
    CategoryFactory(slug="leeg")  # no posts: nothing to list

    entries = sitemap_entries(client)

    site = settings.SITE_URL
    # The sitemap dates a change in the coach's zone, not in UTC.
    lastmod = timezone.localdate(post.updated_at).isoformat()
    assert entries[site + post.get_absolute_url()] == lastmod
    assert site + "/en" + post.get_absolute_url() not in entries  # Dutch text
    assert site + post.categories.get().get_absolute_url() in entries
    assert site + "/blog/tag/luisteren/" in entries
    assert site + "/blog/categorie/leeg/" not in entries
    assert site + "/over-mij/" in entries


def test_the_sitemap_leaves_out_noindex_posts(client, post):
    hidden = published_post(title="Verborgen", noindex=True, ago=timedelta(days=1))

    assert settings.SITE_URL + hidden.get_absolute_url() not in sitemap_entries(client)
