"""The mailings the site starts by itself: a new post's and the weekly overview.

Each is created at most once (a unique constraint per post and per week); whoever
creates one also has it sent.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blog.models import Post
from newsletter.models import Campaign
from newsletter.schedule import digest_period, latest_digest_week


def new_post_mailing(*, post_id) -> Campaign | None:
    """The mailing of a new post, if it is public and recent and not mailed yet."""
    post = Post.objects.published().filter(pk=post_id).first()
    recent = timezone.now() - timedelta(hours=settings.NEWSLETTER_NEW_POST_HOURS)
    if post is None or post.published_at < recent:
        return None
    return create_once(
        kind=Campaign.Kind.NEW_POST,
        post=post,
        subject=post.title,
        preheader=post.summary[:150],
    )


def weekly_digest(now=None) -> Campaign | None:
    """The weekly overview, once its moment has come, if there is news."""
    now = now or timezone.now()
    week = latest_digest_week(now)
    start, end = digest_period(week)
    posts = Post.objects.published().filter(
        published_at__gte=start, published_at__lt=end
    )
    if Campaign.objects.filter(kind=Campaign.Kind.DIGEST, digest_week=week).exists():
        return None
    if not posts.exists() or now - end > timedelta(days=1):
        return None  # nothing new, or the moment passed long ago (a new install)
    return create_once(
        kind=Campaign.Kind.DIGEST,
        digest_week=week,
        subject=_("Weekly overview of %(date)s") % {"date": week},
    )


def create_once(**fields) -> Campaign | None:
    try:
        with transaction.atomic():
            return Campaign.objects.create(status=Campaign.Status.SCHEDULED, **fields)
    except IntegrityError:
        return None  # made a moment ago by another process
