"""Rich text written by staff in CKEditor 5, sanitised before it is stored.

The editor only produces a small set of elements, so the allowlist is the same
small set: whatever else arrives (pasted markup, a forged POST) never reaches a page.
"""

import html
import re

import nh3
from django.apps import apps
from django.conf import settings
from django_ckeditor_5.fields import CKEditor5Field

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "a",
    "ul", "ol", "li", "blockquote", "hr", "figure", "figcaption", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
}
ALLOWED_CLASSES = {
    "figure": {"image", "image-style-side", "image-style-align-left"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Return `html` with only the elements, attributes and URLs the editor makes."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "template", "iframe", "object"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )


TAG = re.compile(r"<[^>]+>")
SITE_RELATIVE = re.compile(r'((?:src|href)=")/')


def plain_text(rich_text: str) -> str:
    """The words of sanitised rich text, without markup (much faster than strip_tags,
    and exact here because the sanitiser leaves no comments, scripts or stray <)."""
    return html.unescape(TAG.sub(" ", rich_text or ""))


def absolute_links(rich_text: str) -> str:
    """Links and images that work away from the site: in e-mails and feed readers."""
    return SITE_RELATIVE.sub(rf"\1{settings.SITE_URL}/", rich_text)


LINK = re.compile(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
BLOCK_END = re.compile(r"</(p|h2|h3|h4|ul|ol|blockquote|figure)>|<hr>")
LINE_END = re.compile(r"</li>|<br>")
LIST_ITEM = re.compile(r"<li>")


def html_to_text(rich_text: str) -> str:
    """Readable plain text for the text part of an e-mail: paragraphs, list dashes,
    and links written out after their words."""

    def link(match):
        label = TAG.sub("", match[2]).strip()
        return match[1] if label == match[1] else f"{label} ({match[1]})"

    text = LINK.sub(link, rich_text or "")
    text = LIST_ITEM.sub("- ", LINE_END.sub("\n", BLOCK_END.sub("\n\n", text)))
    lines = [
        " ".join(line.split()) for line in html.unescape(TAG.sub("", text)).split("\n")
    ]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class RichTextField(CKEditor5Field):
    """A CKEditor 5 field in the admin whose HTML is sanitised on every save."""

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


def rich_text_fields():
    """[(model, [names of its rich text fields])] of every model that has some;
    not the history tables' copies (what is stored now is what counts)."""
    found = []
    for model in apps.get_models():
        if hasattr(model, "instance_type"):  # a django-simple-history table
            continue
        names = [f.name for f in model._meta.fields if isinstance(f, RichTextField)]
        if names:
            found.append((model, names))
    return found
