"""A mailing is rendered (and its CSS inlined) once per language; each subscriber's
copy only gets their own address, Message-ID and links."""

import functools
from dataclasses import dataclass
from email.utils import parseaddr

from django.core.mail import EmailMultiAlternatives

from blog.models import Post
from core.addresses import absolute_reverse
from core.emails import render_email, sender
from core.models import SiteProfile
from core.richtext import absolute_links, html_to_text
from newsletter import clicks
from newsletter.links import MANAGE, token_for
from newsletter.schedule import digest_period

TOKEN = "TOKEN-OF-THE-SUBSCRIBER"  # noqa: S105 (a placeholder)
RECIPIENT = "recipient@placeholder.invalid"
MESSAGE_ID = "<message-id@placeholder.invalid>"


@dataclass(frozen=True)
class RenderedMailing:
    subject: str
    text: str
    html: str
    language: str
    counts_clicks: bool = False

    @functools.cached_property
    def links(self):
        """The unsubscribe and preferences addresses, with TOKEN in them."""
        return tuple(
            absolute_reverse(view_name, language=self.language, kwargs={"token": TOKEN})
            for view_name in ("newsletter:unsubscribe", "newsletter:preferences")
        )

    def message(self, *, to, message_id, token, click_token):
        unsubscribe, preferences = (link.replace(TOKEN, token) for link in self.links)

        def personal(content):
            return (
                content.replace(UNSUBSCRIBE, unsubscribe)
                .replace(PREFERENCES, preferences)
                .replace(clicks.PLACEHOLDER, click_token)
            )

        message = EmailMultiAlternatives(
            subject=self.subject,
            body=personal(self.text),
            from_email=sender(),
            to=[to],
            headers={
                "Message-ID": message_id,
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(personal(self.html), "text/html")
        return message

    def message_for(self, subscriber, *, message_id, delivery_id=0):
        """This mailing for one subscriber, as an e-mail message object."""
        return self.message(
            to=subscriber.email,
            message_id=message_id,
            token=token_for(MANAGE, subscriber),
            click_token=clicks.token(delivery_id) if self.counts_clicks else "",
        )

    @functools.cached_property
    def raw_template(self):
        """The whole message as SMTP bytes once, with placeholders for what differs.

        Django writes UTF-8 bodies unencoded ("8bit"), so the placeholders appear
        as they are; building a MIME message per subscriber costs far more.
        """
        message = self.message(
            to=RECIPIENT,
            message_id=MESSAGE_ID,
            token=TOKEN,
            click_token=clicks.PLACEHOLDER,
        )
        envelope_sender = parseaddr(message.from_email)[1]
        return envelope_sender, message.message().as_bytes(linesep="\r\n")

    def raw_for(self, subscriber, *, message_id, delivery_id=0):
        """(sender, SMTP bytes) of this mailing for one subscriber."""
        from_email, raw = self.raw_template
        raw = raw.replace(TOKEN.encode(), token_for(MANAGE, subscriber).encode())
        if self.counts_clicks:
            click_token = clicks.token(delivery_id)
            raw = raw.replace(clicks.PLACEHOLDER.encode(), click_token.encode())
        raw = raw.replace(RECIPIENT.encode(), subscriber.email.encode())
        return from_email, raw.replace(MESSAGE_ID.encode(), message_id.encode())


UNSUBSCRIBE = "UNSUBSCRIBE-URL-HERE"
PREFERENCES = "PREFERENCES-URL-HERE"


def render_mailing(campaign, *, language):
    """The mailing with placeholders where each subscriber's links go."""
    # A welcome mail is written like a newsletter and looks like one.
    kind = "newsletter" if campaign.kind == campaign.Kind.WELCOME else campaign.kind
    template = f"newsletter/emails/{kind}"
    body = absolute_links(campaign.body)
    context = {
        "campaign": campaign,
        "body_html": body,
        "body_text": html_to_text(body),
        "unsubscribe_url": UNSUBSCRIBE,
        "preferences_url": PREFERENCES,
    }
    if campaign.kind == campaign.Kind.NEW_POST:
        context["post"] = campaign.post
    if campaign.kind == campaign.Kind.DIGEST:
        start, end = digest_period(campaign.digest_week)
        context["posts"] = Post.objects.published().filter(
            published_at__gte=start, published_at__lt=end
        )
    subject, text, html = render_email(template, context, language=language)
    counts_clicks = SiteProfile.get_solo().count_clicks
    if counts_clicks:
        html = clicks.counted(html, language=language)
    return RenderedMailing(
        subject=subject,
        text=text,
        html=html,
        language=language,
        counts_clicks=counts_clicks,
    )
