from django.db import transaction
from django.utils import timezone

from blog.models import Post


@transaction.atomic
def publish_post(*, post: Post) -> Post:
    """Make `post` public now; an earlier publication date is kept."""
    now = timezone.now()
    post.status = Post.Status.PUBLISHED
    if post.published_at is None or post.published_at > now:
        post.published_at = now
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def unpublish_post(*, post: Post) -> Post:
    """Turn `post` back into a draft, keeping its date for when it returns."""
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post
