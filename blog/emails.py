"""One function per e-mail the blog sends."""

from django.conf import settings

from blog import links
from core.addresses import absolute_reverse, absolute_url
from core.emails import coach_addresses, send_templated_email


def link_url(view_name, purpose, comment, *, language):
    token = links.token_for(purpose, comment)
    return absolute_reverse(view_name, language=language, kwargs={"token": token})


def send_held_comment_notice(comment):
    """Tell the coach a comment waits, with a link to approve it at once."""
    language = settings.LANGUAGE_CODE
    context = {
        "comment": comment,
        "approve_url": link_url(
            "blog:approve_comment", links.APPROVE, comment, language=language
        ),
        "admin_url": absolute_reverse("admin:blog_comment_change", args=[comment.pk]),
    }
    for address in coach_addresses():
        send_templated_email(
            "blog/emails/held_comment", context, to=address, language=language
        )


def send_reply_notices_confirmation(comment):
    """Double opt-in: the commenter confirms before any notice of a reply is sent."""
    confirm_url = link_url(
        "blog:confirm_reply_notices",
        links.CONFIRM_NOTICES,
        comment,
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
    stop_url = link_url(
        "blog:stop_reply_notices",
        links.STOP_NOTICES,
        parent,
        language=parent.language,
    )
    send_templated_email(
        "blog/emails/reply_notice",
        {
            "reply": reply,
            "comment": parent,
            "reply_url": absolute_url(reply.get_absolute_url()),
            "stop_url": stop_url,
        },
        to=parent.email,
        language=parent.language,
        headers={
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
