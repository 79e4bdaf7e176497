from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from blog.services import purge_spam_and_trash
from booking.services import (
    expire_stale_holds,
    forget_past_waiting,
    purge_old_intake_answers,
    read_own_calendars,
)
from clients.services import forget_old_sign_ins
from coachsite import task_queue
from core.counters import forget_expired
from newsletter.services import (
    purge_unconfirmed,
    read_bounce_mailbox,
    resume_stalled_mailings,
    start_weekly_digest,
    start_welcome_mails,
)
from payments.services import settle_open_payments
from prepaid.services import expire_balances, send_due_vouchers
from reviews.services import invite_overdue


def clear_expired_sessions():
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def forget_failed_logins():
    """The addresses of failed admin logins are kept only while they lock one out."""
    before = timezone.now() - settings.AXES_COOLOFF_TIME
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=before).delete()
    return deleted


# Each step is idempotent and returns how many rows it changed.
STEPS = [
    ("tasks handed back to the queue", task_queue.requeue_abandoned_tasks),
    ("finished task records deleted", task_queue.prune_finished_tasks),
    ("expired sessions deleted", clear_expired_sessions),
    ("old sign-in links to clients' pages deleted", forget_old_sign_ins),
    ("failed admin logins forgotten", forget_failed_logins),
    ("expired rate-limit counts deleted", forget_expired),
    ("old spam and trashed comments deleted", purge_spam_and_trash),
    ("stale newsletter deliveries queued again", resume_stalled_mailings),
    ("bounce mailbox sent to be read", read_bounce_mailbox),
    ("welcome mails started", start_welcome_mails),
    ("weekly overviews started", lambda: int(start_weekly_digest() is not None)),
    ("unconfirmed sign-ups forgotten", purge_unconfirmed),
    ("old intake answers deleted", purge_old_intake_answers),
    ("unconfirmed bookings freed", expire_stale_holds),
    ("waiting lists of past days forgotten", forget_past_waiting),
    ("own calendars sent to be read", read_own_calendars),
    ("payments checked with Mollie or refunds sent", settle_open_payments),
    ("gift vouchers sent to their recipients", send_due_vouchers),
    ("session cards and vouchers expired", expire_balances),
    ("review invitations sent that had gone missing", invite_overdue),
]


class Command(BaseCommand):
    help = "Do the periodic chores (safe to run at any time, every few minutes)."

    def handle(self, **options):
        for description, step in STEPS:
            count = step()
            if count:
                self.stdout.write(f"housekeeping: {count} {description}")
