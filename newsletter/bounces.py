"""Bounces without a mail provider: each mailing message goes out with its own
return path (VERP: bounces+<delivery>-<signature>@domain), so the report a mail
server sends back names the delivery it is about, whatever the server. The worker
reads those reports from the bounce mailbox over IMAP; what they say goes to the
suppression list like a provider's webhook (newsletter.suppression)."""

import imaplib
import logging
import re
from email import message_from_bytes, policy
from urllib.parse import unquote, urlsplit

from django.conf import settings

from newsletter.links import delivery_id_in, delivery_token
from newsletter.models import Delivery
from newsletter.suppression import record

logger = logging.getLogger(__name__)

SOURCE = "bounce_mailbox"
PURPOSE = "bounce"


def configured():
    return bool(
        settings.NEWSLETTER_BOUNCE_ADDRESS and settings.NEWSLETTER_BOUNCE_MAILBOX
    )


def return_path(delivery):
    """The envelope sender of one delivery, or None without a bounce address."""
    if not settings.NEWSLETTER_BOUNCE_ADDRESS:
        return None
    local, domain = settings.NEWSLETTER_BOUNCE_ADDRESS.rsplit("@", 1)
    return f"{local}+{delivery_token(PURPOSE, delivery.pk)}@{domain}"


def delivery_in(raw):
    """The delivery a report is about: the first genuine return path in it (the
    address it was sent to, or the returned message's Return-Path)."""
    local = settings.NEWSLETTER_BOUNCE_ADDRESS.rsplit("@", 1)[0]
    pattern = rb"%s\+(\d+-[0-9a-f]{12})@" % re.escape(local.encode())
    for token in re.findall(pattern, raw, flags=re.IGNORECASE):
        if delivery_id := delivery_id_in(PURPOSE, token.decode()):
            return (
                Delivery.objects.filter(pk=delivery_id)
                .select_related("subscriber")
                .first()
            )
    return None


def verdict(message):
    """(event type, detail) of a delivery status notification (RFC 3464) or an
    abuse report (RFC 5965), or None for anything else: an out-of-office reply
    goes to the return path too, and a "delivered" notice says nothing bad."""
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/feedback-report":
            fields = part.get_payload()[0]
            if fields.get("Feedback-Type", "").strip().lower() == "abuse":
                return "complained", "abuse report"
        if kind == "message/delivery-status":
            for fields in part.get_payload()[1:]:  # one block per recipient
                action = fields.get("Action", "").strip().lower()
                status = fields.get("Status", "").strip()
                diagnostic = " ".join(fields.get("Diagnostic-Code", "").split())
                detail = f"{status} {diagnostic}".strip()
                if action == "failed" and status.startswith("5"):
                    return "bounced", detail
                if action in ("failed", "delayed"):
                    return "deferred", detail
    return None


def handle(raw):
    """Act on one message of the bounce mailbox; True if it was a report."""
    delivery = delivery_in(raw)
    found = verdict(message_from_bytes(raw, policy=policy.compat32))
    if delivery is None or found is None:
        return False
    event_type, detail = found
    record(
        event_type=event_type,
        recipient=delivery.subscriber.email,
        source=SOURCE,
        delivery_id=delivery.pk,
        detail=detail,
    )
    return True


def connect(address):
    url = urlsplit(address)
    secure = url.scheme == "imaps"
    imap = (imaplib.IMAP4_SSL if secure else imaplib.IMAP4)(
        url.hostname, url.port or (993 if secure else 143), timeout=30
    )
    imap.login(unquote(url.username or ""), unquote(url.password or ""))
    folder = unquote(url.path.strip("/")) or "INBOX"
    imap.select(f'"{folder}"')
    return imap


def read_mailbox():
    """Act on every unread message: reports are deleted once recorded, anything
    else stays for a person to read (marked read, so it is looked at once).
    Returns how many reports there were; the mailbox keeps what a failure
    interrupted, and a report read twice changes nothing more."""
    if not configured():
        return 0
    reports = 0
    try:
        imap = connect(settings.NEWSLETTER_BOUNCE_MAILBOX)
        with imap:
            _status, found = imap.uid("search", None, "UNSEEN")
            for uid in found[0].split():
                _status, fetched = imap.uid("fetch", uid, "(BODY.PEEK[])")
                if handle(fetched[0][1]):
                    imap.uid("store", uid, "+FLAGS", r"(\Deleted)")
                    reports += 1
                else:
                    imap.uid("store", uid, "+FLAGS", r"(\Seen)")
            imap.expunge()
    except (OSError, imaplib.IMAP4.error) as error:
        logger.warning("Bounce mailbox not read: %s", error)
    return reports
