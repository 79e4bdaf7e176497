"""One function per e-mail the blog sends."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coachsite.emails import coach_addresses, send_templated_email
from coachsite.tokens import make_token

APPROVE = "comment-approve"
CONFIRM_NOTICES = "comment-notices-confirm"
STOP_NOTICES = "comment-notices-stop"


def absolute(view_name, token, *, language):
    with translation.override(language):
        return settings.SITE_URL + reverse(view_name, kwargs={"token": token})


def send_held_comment_notice(comment):
    """Tell the coach a comment waits, with a link to approve it at once."""
    language = settings.LANGUAGE_CODE
    context = {
        "comment": comment,
        "approve_url": absolute(
            "blog:approve_comment", make_token(APPROVE, comment.pk), language=language
        ),
        "admin_url": settings.SITE_URL
        + reverse("admin:blog_comment_change", args=[comment.pk]),
    }
    for address in coach_addresses():
        send_templated_email(
            "blog/emails/held_comment", context, to=address, language=language
        )


def send_reply_notices_confirmation(comment):
    """Double opt-in: the commenter confirms before any notice of a reply is sent."""
    confirm_url = absolute(
        "blog:confirm_reply_notices",
        make_token(CONFIRM_NOTICES, comment.pk),
        language=comment.language,
    )
    send_templated_email(
        "blog/emails/confirm_reply_notices",
        {"comment": comment, "confirm_url": confirm_url},
        to=comment.email,
        language=comment.language,
    )


def send_reply_notice(reply):
    """Tell the author of the parent comment that someone replied."""
    parent = reply.parent
    stop_url = absolute(
        "blog:stop_reply_notices",
        make_token(STOP_NOTICES, parent.pk),
        language=parent.language,
    )
    send_templated_email(
        "blog/emails/reply_notice",
        {
            "reply": reply,
            "comment": parent,
            "reply_url": settings.SITE_URL + reply.get_absolute_url(),
            "stop_url": stop_url,
        },
        to=parent.email,
        language=parent.language,
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
