"""The suppression list: what mail providers (their webhooks, through
django-anymail), the mail server and the coach report about an address, and what
follows for later mailings. Transactional mail (a booking's confirmation, a
password link) does not look here: the client expects it, and the law allows it."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from newsletter.models import Delivery, Subscriber, Suppression

# An unsubscribe counts against the last mailing received within these days.
COUNTS_AGAINST_DAYS = 30
# Temporary bounces in a row (no delivery in between) that suppress an address.
SOFT_BOUNCES_IN_A_ROW = 3

STATUS_FOR = {
    Suppression.Reason.BOUNCED: Subscriber.Status.BOUNCED,
    Suppression.Reason.SOFT_BOUNCES: Subscriber.Status.BOUNCED,
    Suppression.Reason.COMPLAINED: Subscriber.Status.COMPLAINED,
    Suppression.Reason.UNSUBSCRIBED: Subscriber.Status.UNSUBSCRIBED,
}
# What a provider reports, by anymail's normalized event type: (outcome, reason).
EVENTS = {
    "delivered": (Delivery.Outcome.DELIVERED, None),
    "deferred": (Delivery.Outcome.SOFT_BOUNCED, None),
    "bounced": (Delivery.Outcome.BOUNCED, Suppression.Reason.BOUNCED),
    "rejected": (Delivery.Outcome.BOUNCED, Suppression.Reason.BOUNCED),
    "complained": (Delivery.Outcome.COMPLAINED, Suppression.Reason.COMPLAINED),
    "unsubscribed": (Delivery.Outcome.UNSUBSCRIBED, Suppression.Reason.UNSUBSCRIBED),
}
# Temporary bounces that anymail reports as bounces: (provider, field, value).
SOFT_BOUNCES = [("Postmark", "Type", "SoftBounce"), ("Brevo", "event", "soft_bounce")]
# The outcomes a mild report may replace: a later report never hides a worse one
# (webhooks come late and out of order).
REPLACES = {
    Delivery.Outcome.DELIVERED: ["", Delivery.Outcome.DELIVERED],
    Delivery.Outcome.SOFT_BOUNCED: ["", Delivery.Outcome.DELIVERED],
}


def subscribers_at(email):
    return Subscriber.objects.filter(email__iexact=email.strip())


@transaction.atomic
def suppress(email, reason, *, source, detail=""):
    """Put `email` on the suppression list: no mailing goes to it any more, and
    what is queued for it is skipped. Reported again, it keeps its first entry."""
    email = email.strip().lower()
    Suppression.objects.get_or_create(
        email=email,
        defaults={"reason": reason, "source": source, "detail": detail[:500]},
    )
    subscribers = subscribers_at(email)
    status = STATUS_FOR[reason]
    if status == Subscriber.Status.UNSUBSCRIBED:
        subscribers.exclude(status=status).update(
            status=status, unsubscribed_at=timezone.now()
        )
    else:
        subscribers.update(status=status)
    Delivery.objects.filter(
        subscriber__in=subscribers, status=Delivery.Status.QUEUED
    ).update(status=Delivery.Status.SKIPPED)


@transaction.atomic
def lift(suppression):
    """The coach takes an address off the list: it gets mailings again (unless its
    owner unsubscribed: that stays their choice)."""
    subscribers_at(suppression.email).filter(
        status__in=[Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED]
    ).update(status=Subscriber.Status.CONFIRMED, soft_bounces=0)
    suppression.delete()


def record(*, event_type, recipient, source, delivery_id=None, at=None, detail=""):
    """A provider's report on a message: the delivery row takes the outcome, and
    bounces, complaints and unsubscribes put the address on the list. Safe to
    receive twice, late or out of order."""
    outcome, reason = EVENTS.get(event_type, (None, None))
    if outcome is None or not recipient:
        return
    first_report = True
    if delivery_id is not None:
        deliveries = Delivery.objects.filter(
            pk=delivery_id, subscriber__email__iexact=recipient
        )
        if outcome in REPLACES:
            deliveries = deliveries.filter(outcome__in=REPLACES[outcome])
        first_report = bool(
            deliveries.exclude(outcome=outcome).update(
                outcome=outcome, outcome_at=at or timezone.now()
            )
        )
    if outcome == Delivery.Outcome.DELIVERED:
        subscribers_at(recipient).update(soft_bounces=0)
    elif outcome == Delivery.Outcome.SOFT_BOUNCED:
        if first_report:
            soft_bounce(recipient, source=source, detail=detail)
    else:
        suppress(recipient, reason, source=source, detail=detail)


def count_against_last_mailing(subscriber, outcome):
    """An unsubscribe through our own link, or the coach's "marked as spam": the
    figures count it for the last mailing the subscriber got (within a month), as
    providers do for what they report."""
    since = timezone.now() - timedelta(days=COUNTS_AGAINST_DAYS)
    latest = (
        subscriber.deliveries.filter(status=Delivery.Status.SENT, sent_at__gte=since)
        .order_by("-sent_at")
        .first()
    )
    if latest:
        Delivery.objects.filter(
            pk=latest.pk, outcome__in=REPLACES[Delivery.Outcome.DELIVERED]
        ).update(outcome=outcome, outcome_at=timezone.now())


def soft_bounce(email, *, source, detail=""):
    subscribers = subscribers_at(email)
    subscribers.update(soft_bounces=F("soft_bounces") + 1)
    if subscribers.filter(soft_bounces__gte=SOFT_BOUNCES_IN_A_ROW).exists():
        suppress(email, Suppression.Reason.SOFT_BOUNCES, source=source, detail=detail)


def on_tracking(sender, event, esp_name, **kwargs):
    """django-anymail's tracking signal: one event of a provider's webhook."""
    event_type, raw = event.event_type, event.esp_event
    if event_type == "bounced" and isinstance(raw, dict):
        for provider, field, value in SOFT_BOUNCES:
            if esp_name == provider and raw.get(field) == value:
                event_type = "deferred"
    delivery_id = (event.metadata or {}).get("delivery")
    record(
        event_type=event_type,
        recipient=event.recipient or "",
        source=esp_name.lower().replace(" ", "_"),
        delivery_id=int(delivery_id) if str(delivery_id or "").isdigit() else None,
        at=event.timestamp,
        detail=" ".join(
            filter(None, [event.reject_reason, event.description, event.mta_response])
        ),
    )
