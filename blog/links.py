"""The links in the blog's e-mails, all about one comment."""

from blog.models import Comment
from core.links import DAY, LinkPurpose


def find_comment(pk):
    return Comment.objects.select_related("post").filter(pk=pk).first()


# The coach approves a held comment from the notice.
APPROVE = LinkPurpose("comment-approve", find=find_comment, max_age=14 * DAY)
# A commenter confirms that replies to their comment may be mailed.
CONFIRM_NOTICES = LinkPurpose(
    "comment-notices-confirm", find=find_comment, max_age=7 * DAY
)
# ... and stops them, from any of those mails.
STOP_NOTICES = LinkPurpose("comment-notices-stop", find=find_comment)
