"""A whole-page cache for anonymous visitors, emptied as content changes.

Every cached page is stored with the versions of the kinds of content it shows
(core.versions), and is served only while those are current: a new comment
empties its post and the lists that count comments, not the about page. The
moment a scheduled post is due starts a new version too, which is why a post
appears by itself at its time.
"""

import contextlib
import hashlib
import logging
import re
import secrets
import struct
import zlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import (
    has_vary_header,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from core import versions
from core.protection import split_at_tokens, token_field
from core.visitors import has_personal_cookie

logger = logging.getLogger(__name__)

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Parameters that campaigns and social networks add to links; pages ignore them.
TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|msclkid|mc_cid|mc_eid)$")


def deflated(data):
    """`data` as raw deflate that ends on a full flush: it refers to nothing before
    it, so such pieces can be joined in any order into one valid stream."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def stored(data):
    """`data` as a raw deflate block stored as it is: for the few bytes of a token
    much quicker than compressing (which sets up 256 KB of state each time). It
    starts on a byte boundary, where a full flush leaves the stream."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


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
        body = interleave(self.deflated_texts, [stored(token) for token in tokens])
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


FRAGMENT_SECONDS = 600


def cached_fragment(request, name, kinds, vary, render):
    """A piece of a page, rendered once for everyone: the header, the footer, a
    post's comments. It is kept under the versions of the `kinds` it shows, the
    language and the `vary` values; its forms get fresh tokens each time, as
    cached pages do. Without a cache, `render()` is simply called."""
    try:
        current = versions.current(request)
        made_under = [current[kind] for kind in kinds]
        identity = repr((name, translation.get_language(), made_under, vary))
        key = f"fragment:{hashlib.sha256(identity.encode()).hexdigest()}"
        kept = cache.get(key)
    except Exception:
        logger.warning("Fragment cache unavailable", exc_info=True)
        return render()
    if kept is None:
        kept = split_at_tokens(render().encode())
        with contextlib.suppress(Exception):
            cache.set(key, kept, timeout=FRAGMENT_SECONDS)
    texts, purposes = kept
    tokens = [token_field(purpose) for purpose in purposes]
    return b"".join(interleave(texts, tokens)).decode()


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
    return versions.page_key(request.path, int(request.GET.get("page", "1")))


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
            # The versions and the page in one round trip (it counts with Redis).
            found = cache.get_many([key, *versions.keys()])
            current = versions.current(request, found=found)
        except Exception:
            # Without its cache the site is slower, not broken.
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        made_under, page = found.get(key, (None, None))
        if made_under and made_under.items() <= current.items():
            return page.response(request)
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            self.mark_shareable(response)
            shown = getattr(request, "page_shows", versions.KINDS)
            made_under = {kind: current[kind] for kind in shown}
            with contextlib.suppress(Exception):
                cache.set(
                    key,
                    (made_under, CachedPage(response)),
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
