"""Sending a mailing: deliveries claimed in batches, one SMTP connection per batch.

A delivery is "sending" from its claim until the SMTP server accepted it; it is
marked sent right after, one message at a time. A worker killed half-way leaves at
most the message it was sending in doubt: housekeeping puts its stale claims back
in the queue, and the message goes again with the same Message-ID.
"""

import logging
import smtplib
import time
from datetime import timedelta
from email.utils import make_msgid

from anymail.exceptions import AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import transaction
from django.utils import timezone

from core.addresses import site_domain
from newsletter import bounces
from newsletter.models import Campaign, Delivery, Subscriber, Suppression
from newsletter.rendering import render_mailing
from newsletter.suppression import suppress

logger = logging.getLogger(__name__)

QUEUE_CHUNK = 1000
# Trouble with the server itself (down, or refusing us), not with one address.
# A provider's API errors and time-outs (anymail's, from requests) are OSErrors.
SERVER_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPAuthenticationError,
    OSError,
)


class ConnectionLost(Exception):
    """The SMTP server cannot be used: the rest of the batch waits too."""


def start(campaign_id):
    """Mark a due mailing as sending and queue a delivery per subscriber (once).

    Returns the campaign, or None if it is not (or no longer) due.
    """
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None or campaign.status not in (
            Campaign.Status.SCHEDULED,
            Campaign.Status.SENDING,
            Campaign.Status.ACTIVE,
        ):
            return None
        if campaign.scheduled_at and campaign.scheduled_at > timezone.now():
            return None  # moved to later: the task for the new time will come
        if campaign.status == Campaign.Status.SCHEDULED:
            campaign.status = Campaign.Status.SENDING
            campaign.started_at = timezone.now()
            campaign.save(update_fields=["status", "started_at"])
    # A welcome mail that is switched on goes on: new subscribers come due daily.
    if campaign.queued_at is None or campaign.status == Campaign.Status.ACTIVE:
        queue_deliveries(campaign)
    return campaign


def queue_deliveries(campaign):
    """One delivery per subscriber the mailing is for; safe to run again."""
    domain = site_domain()
    subscribers = Subscriber.objects.wanting(campaign).values_list("pk", flat=True)
    chunk = []
    for subscriber_id in subscribers.iterator(chunk_size=QUEUE_CHUNK):
        chunk.append(
            Delivery(
                campaign=campaign,
                subscriber_id=subscriber_id,
                message_id=make_msgid(f"c{campaign.pk}", domain=domain),
            )
        )
        if len(chunk) == QUEUE_CHUNK:
            Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
            chunk = []
    Delivery.objects.bulk_create(chunk, ignore_conflicts=True)
    campaign.queued_at = timezone.now()
    campaign.save(update_fields=["queued_at"])


def claim_batch(campaign):
    """Take up to a batch of due deliveries, so that no other worker sends them."""
    with transaction.atomic():
        due = (
            Delivery.objects.filter(
                campaign=campaign,
                status=Delivery.Status.QUEUED,
                next_attempt_at__lte=timezone.now(),
            )
            .select_for_update(skip_locked=True)
            .order_by("pk")
            .values_list("pk", flat=True)[: settings.NEWSLETTER_BATCH_SIZE]
        )
        ids = list(due)
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now()
        )
    return list(
        Delivery.objects.filter(pk__in=ids).select_related("subscriber").order_by("pk")
    )


def send_due(campaign, *, seconds=60):
    """Send due deliveries for about `seconds`; True if more are due right now."""
    rendered = {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        batch = claim_batch(campaign)
        if not batch:
            return False
        try:
            send_batch(campaign, batch, rendered)
        except ConnectionLost as error:
            for delivery in batch:
                if delivery.status == Delivery.Status.SENDING:
                    retry_later(delivery, error)
            postpone_all(campaign)
            return False
    return True


def postpone_all(campaign):
    """The server is unreachable: the rest of the queue waits as long as the first
    retry, rather than every batch finding that out for itself."""
    later = timezone.now() + timedelta(seconds=settings.NEWSLETTER_RETRY_SECONDS)
    campaign.deliveries.filter(
        status=Delivery.Status.QUEUED, next_attempt_at__lt=later
    ).update(next_attempt_at=later)


def send_batch(campaign, batch, rendered):
    try:
        with get_connection() as connection:
            for delivery in batch:
                send_one(campaign, delivery, connection, rendered)
    except SERVER_ERRORS as error:
        raise ConnectionLost(str(error)) from error


def send_one(campaign, delivery, connection, rendered):
    subscriber = delivery.subscriber
    # Asked fresh, so that unsubscribing stops mail for the rest of the run.
    if not Subscriber.objects.confirmed().filter(pk=subscriber.pk).exists():
        finish(delivery, Delivery.Status.SKIPPED)
        return
    language = subscriber.language
    if language not in rendered:
        rendered[language] = render_mailing(campaign, language=language)
    delivery.attempts += 1
    try:
        deliver(connection, rendered[language], subscriber, delivery)
    except smtplib.SMTPRecipientsRefused as error:
        code, reason = next(iter(error.recipients.values()))
        refused(delivery, code, reason, bounce=True)
    except smtplib.SMTPDataError as error:
        refused(delivery, error.smtp_code, error.smtp_error, bounce=False)
    except AnymailRecipientsRefused as error:  # the provider's own suppression
        refused(delivery, 550, str(error).splitlines()[0], bounce=True)
    else:
        finish(delivery, Delivery.Status.SENT, sent_at=timezone.now())


def deliver(connection, mailing, subscriber, delivery):
    """Over SMTP the prepared bytes go out as they are, with the delivery's own
    return path when there is a bounce mailbox (newsletter.bounces); other
    backends (a provider through django-anymail, the console) get a message
    object, which carries the delivery's number for the provider's reports."""
    message_id = delivery.message_id
    over_smtp = isinstance(connection, SMTPBackend)
    return_path = bounces.return_path(delivery) if over_smtp else None
    if over_smtp and subscriber.email.isascii():
        from_email, raw = mailing.raw_for(
            subscriber, message_id=message_id, delivery_id=delivery.pk
        )
        connection.connection.sendmail(
            return_path or from_email, [subscriber.email], raw
        )
        return
    message = mailing.message_for(
        subscriber, message_id=message_id, delivery_id=delivery.pk
    )
    message.metadata = {"delivery": str(delivery.pk)}  # anymail's metadata
    if return_path:  # the From header stays; the envelope gets the return path
        message.extra_headers["From"] = message.from_email
        message.from_email = return_path
    connection.send_messages([message])


def refused(delivery, code, reason, *, bounce):
    """A 5xx is final (for a refused address: it bounced); a 4xx is tried later."""
    if isinstance(reason, bytes):
        reason = reason.decode(errors="replace")
    error = f"{code} {reason}"
    if not 500 <= code < 600:
        retry_later(delivery, error)
        return
    outcome = Delivery.Outcome.BOUNCED if bounce else ""
    finish(delivery, Delivery.Status.FAILED, last_error=error, outcome=outcome)
    if bounce:
        suppress(
            delivery.subscriber.email,
            Suppression.Reason.BOUNCED,
            source="smtp",
            detail=error,
        )


def retry_later(delivery, error):
    """Back to the queue with a doubling wait, or failed after the last attempt."""
    delivery.attempts = max(delivery.attempts, 1)
    if delivery.attempts >= settings.NEWSLETTER_MAX_ATTEMPTS:
        finish(delivery, Delivery.Status.FAILED, last_error=str(error))
        return
    wait = settings.NEWSLETTER_RETRY_SECONDS * 2 ** (delivery.attempts - 1)
    finish(
        delivery,
        Delivery.Status.QUEUED,
        last_error=str(error),
        next_attempt_at=timezone.now() + timedelta(seconds=wait),
    )


def finish(delivery, status, **fields):
    delivery.status = status
    Delivery.objects.filter(pk=delivery.pk).update(
        status=status, attempts=delivery.attempts, **fields
    )


def next_attempt(campaign):
    """When the earliest delivery still waiting is due, or None if none waits."""
    waiting = campaign.deliveries.filter(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if waiting.filter(status=Delivery.Status.SENDING).exists():
        return None  # another worker is on it; housekeeping watches stale claims
    return (
        waiting.order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def finish_if_done(campaign):
    """Sent, once no delivery waits or is being sent (a welcome mail that is
    switched on stays so)."""
    busy = campaign.deliveries.filter(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    if not busy.exists():
        Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.SENT, finished_at=timezone.now()
        )
        return True
    return False


def requeue_stale_claims():
    """Deliveries a killed worker left as "sending" go back to the queue (they keep
    their Message-ID). Returns how many."""
    before = timezone.now() - timedelta(seconds=settings.NEWSLETTER_STALE_SECONDS)
    return Delivery.objects.filter(
        status=Delivery.Status.SENDING, claimed_at__lt=before
    ).update(status=Delivery.Status.QUEUED)
