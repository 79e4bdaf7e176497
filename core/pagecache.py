"""A whole-page cache for anonymous visitors, emptied whenever content changes.

Every cached page is stored with the content version it was made under, and is
served only while that version is current. Saving or deleting anything a page
shows starts a new version; so does the moment a scheduled post is due, which is
why a post appears by itself at its time.
"""

import contextlib
import hashlib
import logging
import re
import secrets
import struct
import zlib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from core.protection import split_at_tokens, token_field
from core.visitors import has_personal_cookie

logger = logging.getLogger(__name__)

STATE_KEY = "pagecache:state"
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Parameters that campaigns and social networks add to links; pages ignore them.
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid)$")

# Functions that say when content next appears by itself (a post scheduled for
# later), registered by the apps with `watch_schedule`.
SCHEDULES = []


def watch(model, *, shows_on_pages=None):
    """Empty the page cache whenever a row of `model` is saved or deleted, or its
    many-to-many links change. The apps call this from `AppConfig.ready()` for what
    their pages show; `shows_on_pages` names a property that says whether a row
    shows at all (a spam comment changes nothing)."""

    def changed(sender, instance=None, **kwargs):
        if shows_on_pages is None or getattr(instance, shows_on_pages, True):
            invalidate_pages()

    uid = f"pages-{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            changed,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}-{field.name}",
        )


def watch_schedule(next_change):
    """`next_change()` returns the next moment content appears by itself, or None:
    cached pages expire then."""
    SCHEDULES.append(next_change)


def next_scheduled_change():
    moments = [moment for next_change in SCHEDULES if (moment := next_change())]
    return min(moments, default=None)


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


def current_version(state=None):
    """The content version; `state` is what the cache held under STATE_KEY, when
    the caller read it already."""
    state = state or cache.get(STATE_KEY)
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


def deflated(data):
    """`data` as raw deflate that ends on a full flush: it refers to nothing before
    it, so such pieces can be joined in any order into one valid stream."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


class CachedPage:
    """A page as the cache keeps it: split at its form tokens, each part compressed.

    Serving it makes fresh tokens and, for browsers that accept gzip, compresses
    only those: the rest of the page was compressed once, when it was cached.
    """

    FINAL_BLOCK = b"\x03\x00"  # an empty last deflate block

    def __init__(self, response):
        self.status = response.status_code
        self.headers = {
            name: value
            for name, value in response.items()
            if name != "Content-Length"  # the length of each serving differs
        }
        self.texts, self.purposes = split_at_tokens(response.content)
        self.deflated_texts = [deflated(text) for text in self.texts]

    def response(self, request):
        tokens = [token_field(purpose) for purpose in self.purposes]
        response = HttpResponse(status=self.status, headers=self.headers)
        patch_vary_headers(response, ["Accept-Encoding"])
        if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
            response.content = self.gzipped(tokens)
            response["Content-Encoding"] = "gzip"
            # Weak, as Django's GZipMiddleware makes it: the bytes differ, not the page.
            response["ETag"] = "W/" + self.headers["ETag"]
        else:
            response.content = b"".join(interleave(self.texts, tokens))
        response["Content-Length"] = len(response.content)
        return response

    def gzipped(self, tokens):
        raw = interleave(self.texts, tokens)
        body = interleave(self.deflated_texts, [deflated(token) for token in tokens])
        crc = 0
        for part in raw:
            crc = zlib.crc32(part, crc)
        size = sum(len(part) for part in raw)
        # A random file name of random length in the header, as Django's gzip adds,
        # varies the length of every response against BREACH.
        name = secrets.token_hex(secrets.randbelow(50) + 1).encode()
        header = b"\x1f\x8b\x08\x08\x00\x00\x00\x00\x00\xff" + name + b"\x00"
        trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
        return b"".join([header, *body, self.FINAL_BLOCK, trailer])


def interleave(texts, tokens):
    """text, token, text, ..., text"""
    parts = [texts[0]]
    for token, text in zip(tokens, texts[1:], strict=True):
        parts += [token, text]
    return parts


def is_short_number(value):
    return value.isascii() and value.isdigit() and len(value) <= 4


def page_key(request):
    """The cache key of an anonymous page: the site's own address of its path and
    page number, whatever Host, port or spelling the request came with (tracking
    parameters, which change nothing, are left out)."""
    page = int(request.GET.get("page", "1"))
    address = f"{settings.SITE_URL}{request.path}" + (
        f"?page={page}" if page > 1 else ""
    )
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache.

    Only visitors without a session or message cookie are served from it, and only
    responses that are the same for everyone (no cookies set, nothing private) go in.
    """

    cacheable_parameters = {"page"}  # and only as a short number: see below

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            # The version and the page in one round trip (it counts with Redis).
            found = cache.get_many([STATE_KEY, key])
            version = current_version(found.get(STATE_KEY))
        except Exception:
            # Without its cache the site is slower, not broken.
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        made_under, page = found.get(key, (None, None))
        if made_under == version:
            return page.response(request)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            self.mark_shareable(response)
            with contextlib.suppress(Exception):
                cache.set(
                    key,
                    (version, CachedPage(response)),
                    timeout=settings.PAGE_CACHE_SECONDS,
                )
        return response

    def mark_shareable(self, response):
        """Let a CDN keep the page briefly and browsers revalidate it for a 304.

        The ETag is that of the page as cached, so it stays the same while only the
        form tokens are refreshed; a browser's copy with older tokens still works.
        """
        set_response_etag(response)
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.SHARED_CACHE_SECONDS
        )

    def is_cacheable_request(self, request):
        return (
            settings.PAGE_CACHE_SECONDS > 0  # 0 switches the page cache off
            and request.method in ("GET", "HEAD")
            and not has_personal_cookie(request)
            and set(request.GET) - set(filter(TRACKING.match, request.GET))
            <= self.cacheable_parameters
            # Made-up page numbers are served, but not stored: they would fill
            # the cache with copies of one page under ever new addresses.
            and is_short_number(request.GET.get("page", "1"))
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
