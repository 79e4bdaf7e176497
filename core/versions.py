"""What pages show, by kind, and a version of each kind.

A cached page or fragment remembers the versions of the kinds it shows and is
served only while they are current. Saving or deleting a row starts a new
version of its kind (the apps say which with `watch`), so a new comment empties
the lists that count comments, and not the about page. Where one row shows on
known pages only (a comment on its post), `watch` can forget those pages instead.
"""

import functools
import hashlib
import logging
import secrets
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

logger = logging.getLogger(__name__)

# site: the profile and fixed pages (in every page's header and footer)
# blog: posts, categories, tags and authors    comments: the counts on lists
# reviews: the rating in every footer           agenda: free times a post offers
KINDS = ("site", "blog", "comments", "reviews", "agenda")
KEY = "versions:{}"
# kind -> functions that say when that kind's content next changes by itself
# (a post scheduled for later): its version ends then.
SCHEDULES = {}


def keys():
    return [KEY.format(kind) for kind in KINDS]


def current(request=None, *, found=None) -> dict:
    """{kind: version} for every kind, in one cache round trip (or from `found`,
    what the caller fetched already); kept on `request` for the rest of it, so
    that a page and its fragments agree."""
    if request is not None and hasattr(request, "content_versions"):
        return request.content_versions
    if found is None:
        found = cache.get_many(keys())
    now = timezone.now()
    versions = {}
    for kind in KINDS:
        version, ends_at = found.get(KEY.format(kind), (None, None))
        if version is None or (ends_at is not None and ends_at <= now):
            version = renew(kind)
        versions[kind] = version
    if request is not None:
        request.content_versions = versions
    return versions


def renew(kind) -> str:
    version = secrets.token_hex(4)
    cache.set(KEY.format(kind), (version, next_change(kind)), timeout=None)
    return version


def next_change(kind) -> datetime | None:
    moments = [moment for find in SCHEDULES.get(kind, ()) if (moment := find())]
    return min(moments, default=None)


def changed(*kinds):
    """Start new versions of `kinds`: what was cached of them is no longer served.
    A cache that is down must not stop the coach from saving; what it still
    holds expires within PAGE_CACHE_SECONDS."""
    try:
        for kind in kinds:
            renew(kind)
    except Exception:
        logger.exception("Could not renew the versions of %s", kinds)


def everything_changed():
    changed(*KINDS)


def watch(model, *, kinds, shows_on_pages=None, pages=None):
    """Start new versions of `kinds` whenever a row of `model` is saved or deleted,
    or its many-to-many links change; the apps call this from `AppConfig.ready()`.

    `shows_on_pages` names a property that says whether a row shows at all (a spam
    comment changes nothing); `pages(row)` lists the addresses that show it, which
    are forgotten from the page cache.
    """

    def on_change(sender, instance=None, **kwargs):
        if shows_on_pages is not None and not getattr(instance, shows_on_pages, True):
            return
        changed(*kinds)
        if pages is not None and instance is not None:
            forget_pages(pages(instance))

    uid = f"versions-{model._meta.label}"
    post_save.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.many_to_many:
        m2m_changed.connect(
            on_change,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"{uid}-{field.name}",
        )


def watch_schedule(kind, next_change):
    """`next_change()` returns the next moment content of `kind` appears by
    itself, or None: that kind's version ends then."""
    SCHEDULES.setdefault(kind, []).append(next_change)


def shows(*kinds):
    """A view decorator: its page shows only these kinds, so a change to another
    kind leaves it in the page cache (without it, a page shows every kind). The
    view may add one: `request.page_shows.add("agenda")`."""

    def decorator(view):
        @functools.wraps(view)
        def view_showing(request, *args, **kwargs):
            request.page_shows = set(kinds)
            return view(request, *args, **kwargs)

        return view_showing

    return decorator


def page_key(path, page=1):
    """The cache key of the anonymous page at `path` (and page number)."""
    address = f"{settings.SITE_URL}{path}" + (f"?page={page}" if page > 1 else "")
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def forget_pages(paths, *, pages=20):
    """Forget the cached pages at `paths`, with their next `pages` page numbers."""
    keys = [page_key(path, number) for path in paths for number in range(1, pages)]
    try:
        cache.delete_many(keys)
    except Exception:
        logger.exception("Could not forget the cached pages at %s", paths)
