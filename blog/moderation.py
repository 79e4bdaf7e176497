"""The rules that decide what happens to a new comment, from values alone."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from blog.models import Comment

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""


def contains_word(text, words):
    return next(
        (word for word in words if re.search(rf"\b{re.escape(word)}\b", text, re.I)),
        None,
    )


def judge(
    *,
    text,
    spam_signals=(),
    by_staff=False,
    is_duplicate=False,
    is_trusted=False,
):
    """Spam, held for the coach, or approved at once."""
    if spam_signals:
        return Verdict(Comment.Status.SPAM, ", ".join(spam_signals))
    if word := contains_word(text, settings.COMMENTS_BLOCKED_WORDS):
        return Verdict(Comment.Status.SPAM, f"blocked word: {word}")
    if is_duplicate:
        return Verdict(Comment.Status.SPAM, "duplicate of a recent comment")
    if by_staff:
        return Verdict(Comment.Status.APPROVED)
    if len(LINK.findall(text)) > settings.COMMENTS_HOLD_MORE_LINKS_THAN:
        return Verdict(Comment.Status.PENDING, str(_("more links than allowed")))
    if word := contains_word(text, settings.COMMENTS_MODERATION_WORDS):
        return Verdict(Comment.Status.PENDING, str(_("word to check: %s")) % word)
    if len(text) > settings.COMMENTS_HOLD_LONGER_THAN:
        return Verdict(Comment.Status.PENDING, str(_("very long")))
    if not is_trusted:
        return Verdict(
            Comment.Status.PENDING, str(_("no approved comment from this browser"))
        )
    return Verdict(Comment.Status.APPROVED)
