"""The links in the blog's e-mails, all about one comment."""

from blog.models import Comment
from core.links import DAY, LinkPurpose, by_key


def find_comment(value, **state):
    comments = Comment.objects.select_related("post").filter(**state)
    return by_key(comments, value)


def token_for(purpose, comment):
    return purpose.token(str(comment.key))


# Each acts only from the state it was sent for: an approve link, say, no longer
# works once the comment was approved, or marked as spam, some other way.

# The coach approves a held comment from the notice.
APPROVE = LinkPurpose(
    "comment-approve",
    find=lambda value: find_comment(value, status=Comment.Status.PENDING),
    max_age=14 * DAY,
)
# A commenter confirms that replies to their comment may be mailed.
CONFIRM_NOTICES = LinkPurpose(
    "comment-notices-confirm",
    find=lambda value: find_comment(
        value,
        wants_reply_notices=True,
        status__in=[Comment.Status.PENDING, Comment.Status.APPROVED],
    ),
    max_age=7 * DAY,
)
# ... and stops them, from any of those mails.
STOP_NOTICES = LinkPurpose("comment-notices-stop", find=find_comment)
