from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from blog import tasks
from blog.models import Comment, Post, ReadCount
from blog.moderation import judge
from blog.signals import post_published
from core import counters
from core.tasks import enqueue_on_commit

# What the coach's buttons do to a post (blog.admin.PostAdminForm).
PUBLISH, SCHEDULE, DRAFT, UPDATE = "publish", "schedule", "draft", "update"


@transaction.atomic
def save_post(*, post: Post, intent: str = UPDATE) -> Post:
    """Save the coach's edit of `post`: publish it now, schedule it for its date,
    keep it a draft, or update it as it is. When that publishes it, or moves its
    moment of publication, the site hears of it (subscribers get it then)."""
    if intent == DRAFT:
        post.status = Post.Status.DRAFT
    elif intent in (PUBLISH, SCHEDULE):
        post.status = Post.Status.PUBLISHED
    if intent == PUBLISH and (post.published_at is None or not post.is_public):
        post.published_at = timezone.now()
    publication = ("status", "published_at")
    stored = Post.objects.filter(pk=post.pk).values_list(*publication).first()
    post.save()
    published = post.status == Post.Status.PUBLISHED
    if published and stored != (post.status, post.published_at):
        post_published.send(sender=Post, post=post)
    return post


@transaction.atomic
def publish_post(*, post: Post) -> Post:
    """Make `post` public now; an earlier publication date is kept."""
    now = timezone.now()
    post.status = Post.Status.PUBLISHED
    if post.published_at is None or post.published_at > now:
        post.published_at = now
    post.full_clean()
    post.save()
    post_published.send(sender=Post, post=post)
    return post


@transaction.atomic
def unpublish_post(*, post: Post) -> Post:
    """Turn `post` back into a draft, keeping its date for when it returns."""
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post


def is_duplicate(*, post, body, email, ip_hash):
    """The same text from the same person (or address) within the last hour."""
    since = timezone.now() - timedelta(seconds=settings.COMMENTS_DUPLICATE_SECONDS)
    return (
        Comment.objects.filter(post=post, body=body, created_at__gte=since)
        .filter(Q(email=email) | Q(ip_hash=ip_hash))
        .exists()
    )


@transaction.atomic
def submit_comment(
    *,
    post: Post,
    name: str,
    email: str,
    body: str,
    parent: Comment | None = None,
    website: str = "",
    wants_reply_notices: bool = False,
    ip_hash: str = "",
    language: str = "nl",
    spam_signals: tuple = (),
    is_trusted: bool = False,
    author=None,
) -> Comment:
    """Store a comment as the moderation rules judge it; mail what follows from it.

    `is_trusted`: the writer proved an approved comment of theirs (see
    blog.views.is_trusted); an address alone proves nothing.
    """
    verdict = judge(
        text=f"{name} {website} {body}",
        spam_signals=spam_signals,
        by_staff=author is not None,
        is_duplicate=is_duplicate(post=post, body=body, email=email, ip_hash=ip_hash),
        is_trusted=is_trusted,
    )
    comment = Comment(
        post=post,
        parent=parent,
        name=name,
        email=email,
        website=website,
        body=body,
        author=author,
        status=verdict.status,
        reason=verdict.reason,
        language=language,
        ip_hash=ip_hash,
        wants_reply_notices=wants_reply_notices
        and verdict.status != Comment.Status.SPAM,
    )
    comment.full_clean()
    comment.save()
    if comment.status == Comment.Status.PENDING:
        enqueue_on_commit(tasks.send_held_comment_notice, comment.pk)
    if comment.wants_reply_notices:
        enqueue_on_commit(tasks.send_reply_notices_confirmation, comment.pk)
    if comment.is_public and parent is not None:
        enqueue_on_commit(tasks.send_reply_notice, comment.pk)
    return comment


@transaction.atomic
def reply_as_author(*, comment: Comment, user, body: str) -> Comment:
    """Publish the coach's reply to `comment`, marked as the author's."""
    profile = getattr(user, "author_profile", None)
    return submit_comment(
        post=comment.post,
        parent=comment,
        name=profile.display_name if profile else user.get_full_name() or user.username,
        email=user.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        body=body,
        author=user,
        language=comment.language,
    )


def set_comment_status(*, comment: Comment, status: str, reason: str = "") -> Comment:
    """Approve, mark as spam, trash or restore `comment` (each change is saved)."""
    was_public = comment.is_public
    comment.status = status
    comment.reason = reason
    comment.save(update_fields=["status", "reason"])
    if comment.is_public and not was_public and comment.parent_id:
        enqueue_on_commit(tasks.send_reply_notice, comment.pk)
    return comment


def approve_comment(*, comment: Comment) -> Comment:
    return set_comment_status(comment=comment, status=Comment.Status.APPROVED)


def confirm_reply_notices(*, comment: Comment) -> Comment:
    """The commenter confirmed the address: replies to their comment are mailed."""
    if comment.reply_notices_confirmed_at is None:
        comment.reply_notices_confirmed_at = timezone.now()
        comment.save(update_fields=["reply_notices_confirmed_at"])
    return comment


def stop_reply_notices(*, comment: Comment) -> Comment:
    comment.wants_reply_notices = False
    comment.save(update_fields=["wants_reply_notices"])
    return comment


def purge_spam_and_trash() -> int:
    """Delete spam and trashed comments older than COMMENTS_SPAM_KEPT_DAYS."""
    before = timezone.now() - timedelta(days=settings.COMMENTS_SPAM_KEPT_DAYS)
    deleted, _ = Comment.objects.filter(
        status__in=[Comment.Status.SPAM, Comment.Status.TRASH], created_at__lt=before
    ).delete()
    return deleted


def count_read(*, post: Post, visitor: str) -> bool:
    """Count a read of `post`, once a day per visitor (`visitor`: a keyed hash of
    their address, kept only in an expiring counter); whether it counted."""
    today = timezone.localdate()
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    tomorrow = midnight + timedelta(days=1)
    if counters.count(f"read:{post.pk}:{today}:{visitor}", expires_at=tomorrow) > 1:
        return False
    counters.add_one(ReadCount, post=post, day=today)
    return True
