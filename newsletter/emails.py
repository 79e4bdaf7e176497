"""One function per e-mail the newsletter sends outside its mailings."""

from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coachsite.emails import send_templated_email
from coachsite.tokens import make_token
from newsletter.rendering import render_mailing

CONFIRM = "newsletter-confirm"


def send_confirmation(subscriber):
    """Double opt-in: only a click on this link makes the address receive mail."""
    token = make_token(CONFIRM, subscriber.pk)
    with translation.override(subscriber.language):
        confirm_url = settings.SITE_URL + reverse(
            "newsletter:confirm", kwargs={"token": token}
        )
    send_templated_email(
        "newsletter/emails/confirm",
        {"subscriber": subscriber, "confirm_url": confirm_url},
        to=subscriber.email,
        language=subscriber.language,
    )


class TestRecipient:
    """Stands in for a subscriber in a test mail: real links that lead nowhere."""

    pk = 0

    def __init__(self, email, language):
        self.email = email
        self.language = language


def send_test(campaign, email, *, language):
    rendered = render_mailing(campaign, language=language)
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = rendered.message_for(
        TestRecipient(email, language), message_id=make_msgid("test", domain=domain)
    )
    message.subject = f"[Test] {message.subject}"
    message.send()
