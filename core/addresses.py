"""The site's addresses: absolute ones for e-mails, feeds and search engines, and
whether a slug would land on a page of its own."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation


def absolute_url(url):
    """SITE_URL before a site-relative URL (media on object storage is absolute)."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL + url


def absolute_reverse(view_name, *, language=None, args=None, kwargs=None):
    """reverse() on SITE_URL, in `language` (the active one by default)."""
    with translation.override(language or translation.get_language()):
        return absolute_url(reverse(view_name, args=args, kwargs=kwargs))


def site_domain():
    """The host name of SITE_URL, for Message-IDs and calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def address_is_taken(view_name, **kwargs):
    """Whether the address of `view_name` with `kwargs` leads elsewhere (any language).

    A slug route such as /<slug>/ or /blog/<slug>/ comes after fixed routes like
    /over-mij/ or /blog/feed/, so a page or post with such a slug could never be shown.
    """
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                match = resolve(reverse(view_name, kwargs=kwargs))
            except (NoReverseMatch, Resolver404):
                continue  # not a valid address at all: the field's own check says so
            if match.view_name != view_name:
                return True
    return False
