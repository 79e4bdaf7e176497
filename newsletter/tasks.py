"""Background work for the newsletter. Every task re-checks the state it acts on,
so a stale or repeated task does nothing."""

from django.utils import timezone
from django_tasks import task

from core.tasks import enqueue_on_commit
from newsletter import bounces, emails, mailings, sending
from newsletter.models import Campaign, Subscriber


@task()
def send_confirmation(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    waiting = (Subscriber.Status.PENDING, Subscriber.Status.UNSUBSCRIBED)
    if subscriber and subscriber.status in waiting:
        emails.send_confirmation(subscriber)


@task()
def send_campaign(campaign_id):
    """Send what is due of a mailing; come back for the rest and for retries."""
    campaign = sending.start(campaign_id)
    if campaign is None:
        return
    if sending.send_due(campaign):
        send_campaign.enqueue(campaign_id)  # more right away, in a fresh task
    elif not sending.finish_if_done(campaign):
        due = sending.next_attempt(campaign)
        if due is not None and due > timezone.now():
            send_campaign.using(run_after=due).enqueue(campaign_id)
        elif due is not None:
            send_campaign.enqueue(campaign_id)


@task()
def send_test(campaign_id, email, language):
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign:
        emails.send_test(campaign, email, language=language)


@task()
def mail_new_post(post_id):
    """At the post's publication: send its mailing, if it is public and recent."""
    if campaign := mailings.new_post_mailing(post_id=post_id):
        enqueue_on_commit(send_campaign, campaign.pk)


@task()
def read_bounces():
    """Act on the bounce reports in the bounce mailbox (newsletter.bounces)."""
    bounces.read_mailbox()
