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


def form_values(response, form_id):
    """What a browser would send from the form `form_id` as it came (its first
    submit button aside): inputs, checked boxes, text areas and chosen options."""
    form = parse(response).find("form", id=form_id)
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        kind = field.get("type", "text")
        if not name or kind in ("submit", "button", "file", "image"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        elif field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = [
                o.get("value", o.text) for o in field.find_all("option", selected=True)
            ]
            data[name] = chosen if field.has_attr("multiple") else (chosen or [""])[0]
        else:
            data[name] = field.get("value", "")
    return data
