"""Mails about cards and vouchers; each task re-reads its row when it runs."""

from django.utils import timezone
from django_tasks import task

from prepaid import emails
from prepaid.models import GiftVoucher, SessionCard


@task()
def send_card(card_id):
    card = SessionCard.objects.select_related("package").filter(pk=card_id).first()
    if card is not None and card.status == SessionCard.Status.ACTIVE:
        emails.send_card(card)


@task()
def send_voucher(voucher_id):
    voucher = GiftVoucher.objects.filter(pk=voucher_id).first()
    if voucher is not None and voucher.status == GiftVoucher.Status.ACTIVE:
        emails.send_voucher(voucher)


@task()
def send_voucher_to_recipient(voucher_id):
    """Once: the claim and the mail share one transaction (the worker's), so a
    repeated task finds it claimed."""
    due = GiftVoucher.objects.due_to_recipients().filter(pk=voucher_id)
    if due.update(recipient_sent_at=timezone.now()):
        emails.send_voucher_to_recipient(GiftVoucher.objects.get(pk=voucher_id))
