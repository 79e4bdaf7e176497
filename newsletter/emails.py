"""One function per e-mail the newsletter sends outside its mailings."""

from email.utils import make_msgid

from core.addresses import absolute_reverse, site_domain
from core.emails import send_templated_email
from newsletter.links import CONFIRM, token_for
from newsletter.rendering import render_mailing


def send_confirmation(subscriber):
    """Double opt-in: only a click on this link makes the address receive mail."""
    confirm_url = absolute_reverse(
        "newsletter:confirm",
        language=subscriber.language,
        kwargs={"token": token_for(CONFIRM, subscriber)},
    )
    send_templated_email(
        "newsletter/emails/confirm",
        {"subscriber": subscriber, "confirm_url": confirm_url},
        to=subscriber.email,
        language=subscriber.language,
    )


class TestRecipient:
    """Stands in for a subscriber in a test mail: real links that lead nowhere."""

    key = "00000000-0000-0000-0000-000000000000"  # nobody's

    def __init__(self, email, language):
        self.email = email
        self.language = language


def send_test(campaign, email, *, language):
    rendered = render_mailing(campaign, language=language)
    message = rendered.message_for(
        TestRecipient(email, language),
        message_id=make_msgid("test", domain=site_domain()),
    )
    message.subject = f"[Test] {message.subject}"
    message.send()
