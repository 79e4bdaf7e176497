"""Sending the site's e-mails: HTML and text from templates, CSS inlined."""

from email.utils import formataddr, parseaddr

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from core.models import SiteProfile

INLINER = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


def sender():
    """The coach's name with the site's sending address."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((SiteProfile.get_solo().site_name, address))


def coach_addresses():
    """Where notices for the coach go: the contact address, else the superusers'."""
    from django.contrib.auth import get_user_model

    if contact := SiteProfile.get_solo().contact_email:
        return [contact]
    users = get_user_model().objects.filter(is_superuser=True, is_active=True)
    return [email for email in users.values_list("email", flat=True) if email]


def render_email(template_prefix, context, *, language):
    """(subject, text, html) from <prefix>_subject.txt, <prefix>.txt, <prefix>.html."""
    profile = SiteProfile.get_solo()
    context = {"site_url": settings.SITE_URL, "site_profile": profile, **context}
    with translation.override(language):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}.txt", context)
        html = INLINER.inline(render_to_string(f"{template_prefix}.html", context))
    # A header is one line; a newline in a visitor's name must not start another.
    return " ".join(subject.split()), text, html


def send_templated_email(
    template_prefix, context, *, to, language, headers=None, attachments=()
):
    """Render the three templates and send one message to one recipient.

    `attachments`: MIME parts (an invitation for the calendar, say)."""
    subject, text, html = render_email(template_prefix, context, language=language)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=sender(), to=[to], headers=headers
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment)
    message.send()
