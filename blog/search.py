"""Highlighted snippets for search results, safe to show as HTML."""

import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog.models import MARK_START, MARK_STOP
from core.richtext import plain_text

SNIPPET_CHARS = 220


def snippet(post, text):
    """A passage of `post` around the words of `text`, matches in <mark>."""
    marked = getattr(post, "headline", None)  # PostgreSQL's ts_headline, when present
    if marked is None:
        marked = mark_words(plain_text(post.body), text.split())
    else:
        marked = html.unescape(marked)  # the headline was cut from stored HTML
    highlighted = escape(" ".join(marked.split()))
    return mark_safe(  # noqa: S308 (escaped above; only our markers become tags)
        highlighted.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )


def mark_words(text, words):
    """Cut a window of `text` around the first match and mark every match in it."""
    pattern = re.compile("|".join(re.escape(word) for word in words if word), re.I)
    first = pattern.search(text) if pattern.pattern else None
    start = max(0, first.start() - SNIPPET_CHARS // 3) if first else 0
    window = text[start : start + SNIPPET_CHARS]
    if pattern.pattern:
        window = pattern.sub(lambda m: f"{MARK_START}{m[0]}{MARK_STOP}", window)
    prefix = "… " if start else ""
    suffix = " …" if start + SNIPPET_CHARS < len(text) else ""
    return f"{prefix}{window}{suffix}"
