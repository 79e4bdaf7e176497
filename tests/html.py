"""Reading rendered pages in tests."""

from bs4 import BeautifulSoup


def parse(response):
    return BeautifulSoup(response.content, "html.parser")


def meta_content(soup, **attrs):
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def check_page_head(soup, *, lang, canonical):
    """The contract of every page: one h1, lang, canonical, description, Open Graph."""
    assert len(soup.find_all("h1")) == 1
    assert soup.html["lang"] == lang
    assert soup.find("link", rel="canonical")["href"] == canonical
    assert meta_content(soup, name="description")
    for prop in ("og:title", "og:description", "og:type", "og:url", "og:site_name"):
        assert meta_content(soup, property=prop), prop
    assert meta_content(soup, property="og:url") == canonical


def loaded_version(client, url):
    """The hidden fingerprint an admin change form carries of the row it opened."""
    field = parse(client.get(url)).find("input", attrs={"name": "loaded_version"})
    return {"loaded_version": field["value"]}
