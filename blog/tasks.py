"""Background work for the blog. Every task re-checks the state it acts on, so a
stale or repeated task does nothing."""

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from blog import emails
from blog.models import Comment


@task()
def send_held_comment_notice(comment_id):
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment and comment.status == Comment.Status.PENDING:
        emails.send_held_comment_notice(comment)


@task()
def send_reply_notices_confirmation(comment_id):
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if (
        comment
        and comment.wants_reply_notices
        and not comment.reply_notices_confirmed_at
    ):
        emails.send_reply_notices_confirmation(comment)


@task()
def send_reply_notice(reply_id):
    reply = (
        Comment.objects.select_related("post", "parent")
        .filter(pk=reply_id, reply_notice_sent_at=None)
        .first()
    )
    if not reply or not reply.is_public or not reply.parent:
        return
    parent = reply.parent
    if not parent.wants_confirmed_reply_notices or parent.email == reply.email:
        return
    # Claim the notice and send it in one transaction: a second run finds it
    # claimed, and a failed send releases the claim.
    with transaction.atomic():
        unsent = Comment.objects.filter(pk=reply.pk, reply_notice_sent_at=None)
        if unsent.update(reply_notice_sent_at=timezone.now()):
            emails.send_reply_notice(reply)
