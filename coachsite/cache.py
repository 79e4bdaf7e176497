"""A whole-page cache for anonymous visitors, emptied whenever content changes.

Every cached page carries the current content version in its key. Saving or
deleting anything a page shows starts a new version; so does the moment a
scheduled post is due, which is why a post appears by itself at its time.
"""

import contextlib
import logging
import secrets
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import has_vary_header

from coachsite.protection import refresh_tokens
from coachsite.visitors import has_personal_cookie

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"

# What pages show. Saving or deleting one of these rows (or changing its
# many-to-many links) empties the page cache. A model may name a property that
# says whether a row shows on pages at all: a spam comment changes nothing.
WATCHED_MODELS = {
    "coachsite.SiteProfile": None,
    "coachsite.Page": None,
    "blog.AuthorProfile": None,
    "blog.Category": None,
    "blog.Tag": None,
    "blog.Post": None,
    "blog.Comment": "shows_on_pages",
    # A post may show the next free times of a session type.
    "booking.SessionType": None,
    "booking.OpeningHours": None,
    "booking.ExtraHours": None,
    "booking.TimeOff": None,
    "booking.Booking": None,
    "booking.Review": None,
}


def next_scheduled_change():
    post_model = apps.get_model("blog", "Post")
    return post_model.objects.scheduled().aggregate(first=Min("published_at"))["first"]


def new_state():
    now = timezone.now()
    expires_at = now + timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    scheduled = next_scheduled_change()
    state = {
        "version": secrets.token_hex(4),
        "expires_at": min(expires_at, scheduled) if scheduled else expires_at,
    }
    cache.set(STATE_KEY, state, timeout=None)
    return state


def current_version():
    state = cache.get(STATE_KEY)
    if state is None or state["expires_at"] <= timezone.now():
        state = new_state()
    return state["version"]


def invalidate_pages():
    """Forget every cached page."""
    try:
        new_state()
    except Exception:
        # A cache that is down must not stop the coach from saving; what it
        # still holds expires within PAGE_CACHE_SECONDS.
        logger.exception("Could not empty the page cache")


def watch_content():
    """Connect the watched models' save, delete and m2m signals to the cache."""
    for label, shows_on_pages in WATCHED_MODELS.items():
        model = apps.get_model(label)

        def changed(sender, instance=None, shows_on_pages=shows_on_pages, **kwargs):
            if shows_on_pages is None or getattr(instance, shows_on_pages, True):
                invalidate_pages()

        post_save.connect(
            changed, sender=model, weak=False, dispatch_uid=f"pages-{label}"
        )
        post_delete.connect(
            changed, sender=model, weak=False, dispatch_uid=f"pages-{label}"
        )
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                changed,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"pages-{label}-{field.name}",
            )


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache.

    Only visitors without a session or message cookie are served from it, and only
    responses that are the same for everyone (no cookies set, nothing private) go in.
    """

    cacheable_parameters = {"page"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = f"page:{current_version()}:{request.build_absolute_uri()}"
            response = cache.get(key)
        except Exception:
            # Without its cache the site is slower, not broken.
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        if response is not None:
            # A fresh copy from the cache: its forms get tokens made now.
            response.content = refresh_tokens(response.content)
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            with contextlib.suppress(Exception):
                cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
        return response

    def is_cacheable_request(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not has_personal_cookie(request)
            and set(request.GET) <= self.cacheable_parameters
        )

    def is_cacheable_response(self, response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not has_vary_header(response, "Cookie")
            and not any(
                word in cache_control for word in ("private", "no-store", "no-cache")
            )
        )
