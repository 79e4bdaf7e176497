from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from blog.models import Post
from core.tasks import enqueue_on_commit
from newsletter import bounces, mailings, sending, suppression, tasks
from newsletter.models import (
    Campaign,
    Delivery,
    Subscriber,
    Suppression,
    WelcomeMail,
)

CONFIRMATION_MAIL_EVERY = timedelta(hours=1)


def normalize_email(email: str) -> str:
    return email.strip().lower()


def subscribe(
    *,
    email: str,
    first_name: str = "",
    new_posts: str = Subscriber.NewPosts.EACH,
    source: str = "",
    language: str = "nl",
    topics=(),
) -> Subscriber:
    """Record a wish to subscribe and mail a confirmation link.

    The caller answers the same whatever happened here, so nobody learns whether an
    address is on the list. At most one confirmation mail per address per hour.
    """
    wish = {
        "email": normalize_email(email),
        "first_name": first_name,
        "new_posts": new_posts,
        "consent_source": source[:300],
        "language": language,
        "topics": list(topics),
    }
    try:
        with transaction.atomic():
            return record_subscription(**wish)
    except IntegrityError:  # the same new address was subscribed a moment ago
        with transaction.atomic():
            return record_subscription(**wish)


def record_subscription(*, email, topics, **wish):
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    subscriber = subscriber or Subscriber(email=email)
    if subscriber.status not in (
        Subscriber.Status.PENDING,
        Subscriber.Status.UNSUBSCRIBED,
    ):
        return subscriber  # confirmed already, or suppressed: nothing to do
    now = timezone.now()
    for field, value in wish.items():
        setattr(subscriber, field, value)
    # Whoever typed an address that unsubscribed cannot undo that: it stays
    # unsubscribed (and so remembered) until the owner confirms again.
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.PENDING
        subscriber.subscribed_at = now
    subscriber.consent_version = settings.NEWSLETTER_CONSENT_VERSION
    sent = subscriber.confirmation_sent_at
    mail_now = sent is None or now - sent >= CONFIRMATION_MAIL_EVERY
    if mail_now:
        subscriber.confirmation_sent_at = now
    subscriber.save()
    subscriber.topics.set(topics)
    if mail_now:
        enqueue_on_commit(tasks.send_confirmation, subscriber.pk)
    return subscriber


def confirm(*, subscriber: Subscriber) -> Subscriber:
    """The owner of the address confirmed (also after unsubscribing once)."""
    if subscriber.status in (Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED):
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at"])
        start_welcome_mails()  # the one for day 0 goes right away
    return subscriber


@transaction.atomic
def unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Stop all mail to the address, also the rest of a mailing being sent now."""
    if subscriber.status == Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        suppression.count_against_last_mailing(
            subscriber, Delivery.Outcome.UNSUBSCRIBED
        )
    subscriber.deliveries.filter(status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED
    )
    return subscriber


def undo_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Back on the list right after a mistaken click (it was confirmed before)."""
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED and subscriber.confirmed_at:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def mark_complained(*, subscriber: Subscriber) -> Subscriber:
    """The address marked a mailing as spam: never mail it again."""
    suppression.suppress(
        subscriber.email, Suppression.Reason.COMPLAINED, source="coach"
    )
    suppression.count_against_last_mailing(subscriber, Delivery.Outcome.COMPLAINED)
    subscriber.refresh_from_db()
    return subscriber


def schedule_campaign(*, campaign: Campaign, at=None) -> Campaign:
    """Send a newsletter at `at`, or now."""
    campaign.status = Campaign.Status.SCHEDULED
    campaign.scheduled_at = at
    campaign.save(update_fields=["status", "scheduled_at"])
    later = at if at and at > timezone.now() else None
    enqueue_on_commit(tasks.send_campaign, campaign.pk, run_after=later)
    return campaign


def schedule_new_post_mailing(*, post: Post) -> None:
    """Mail subscribers the post when it appears (now, or at its scheduled time)."""
    due = post.published_at
    later = due if due and due > timezone.now() else None
    enqueue_on_commit(tasks.mail_new_post, post.pk, run_after=later)


def send_test(*, campaign: Campaign, email: str, language: str) -> None:
    """A test of the mailing to one address, as subscribers will get it."""
    tasks.send_test.enqueue(campaign.pk, email, language)  # nothing to commit first


def switch_welcome_mail(*, mail: WelcomeMail, on: bool) -> WelcomeMail:
    """Switched on, a welcome mail goes to whoever confirms from now on (not to
    the subscribers of before); switched off, it waits as a draft."""
    if on and not mail.is_active:
        mail.status = Campaign.Status.ACTIVE
        mail.started_at = timezone.now()
    elif not on:
        mail.status = Campaign.Status.DRAFT
    mail.save(update_fields=["status", "started_at"])
    return mail


def start_welcome_mails() -> int:
    """A sender for every welcome mail that someone is due for (at a
    confirmation, and from housekeeping for the later days of the series)."""
    started = 0
    for mail in WelcomeMail.objects.filter(status=Campaign.Status.ACTIVE):
        if Subscriber.objects.due_welcome(mail).exists():
            enqueue_on_commit(tasks.send_campaign, mail.pk)
            started += 1
    return started


def start_weekly_digest(now=None) -> Campaign | None:
    """Send the weekly overview once its moment has come, if there is news."""
    campaign = mailings.weekly_digest(now)
    if campaign is not None:
        enqueue_on_commit(tasks.send_campaign, campaign.pk)
    return campaign


def resume_stalled_mailings() -> int:
    """Housekeeping: stale claims back in the queue, and a sender for every mailing
    that has due deliveries but nobody sending them (a worker died, a task got lost)."""
    requeued = sending.requeue_stale_claims()
    busy_since = timezone.now() - timedelta(seconds=settings.NEWSLETTER_STALE_SECONDS)
    stalled = (
        Campaign.objects.filter(
            status__in=[Campaign.Status.SENDING, Campaign.Status.ACTIVE]
        )
        .exclude(deliveries__status=Delivery.Status.SENDING)
        .exclude(deliveries__claimed_at__gte=busy_since)
        .filter(
            deliveries__status=Delivery.Status.QUEUED,
            deliveries__next_attempt_at__lte=timezone.now(),
        )
        .distinct()
    )
    for campaign in stalled:
        enqueue_on_commit(tasks.send_campaign, campaign.pk)
    return requeued


def read_bounce_mailbox() -> int:
    """Housekeeping: have the worker read the bounce mailbox, if there is one."""
    if bounces.configured():
        enqueue_on_commit(tasks.read_bounces)
        return 1
    return 0


def import_confirmed(
    *, email: str, first_name: str = "", source: str = ""
) -> Subscriber:
    """An address whose consent the coach has from elsewhere (an earlier list).

    Someone who unsubscribed, bounced or complained stays that way.
    """
    subscriber, _created = Subscriber.objects.get_or_create(
        email=normalize_email(email),
        defaults={"consent_version": "import", "status": Subscriber.Status.PENDING},
    )
    if subscriber.status == Subscriber.Status.PENDING:
        now = timezone.now()
        subscriber.first_name = subscriber.first_name or first_name
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.consent_source = f"import: {source}"[:300]
        subscriber.consent_version = "import"
        subscriber.confirmed_at = now
        subscriber.save()
    return subscriber


def purge_unconfirmed(days=30) -> int:
    """Housekeeping: forget sign-ups nobody confirmed within `days`."""
    before = timezone.now() - timedelta(days=days)
    deleted, _by_model = Subscriber.objects.filter(
        status=Subscriber.Status.PENDING, subscribed_at__lt=before
    ).delete()
    return deleted
