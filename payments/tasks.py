"""Background work for payments: refunds go to Mollie after their commit."""

import logging

from django.utils import timezone
from django_tasks import task

from payments import emails, provider
from payments.models import Invoice, Refund

logger = logging.getLogger(__name__)


@task()
def send_invoice(invoice_id):
    invoice = Invoice.objects.select_related("payment").filter(pk=invoice_id).first()
    if invoice is not None and invoice.buyer_email:
        emails.send_invoice(invoice)


@task()
def send_refund(refund_id):
    send_refund_now(refund_id)


def send_refund_now(refund_pk) -> bool:
    """Send a refund to Mollie (a task, and housekeeping for those left over);
    its idempotency key makes a second sending return the first refund."""
    given = Refund.objects.select_related("payment").filter(pk=refund_pk).first()
    if given is None or given.status != Refund.Status.TO_SEND:
        return False
    try:
        answer = provider.create_refund(given)
    except provider.ProviderUnavailable:
        logger.warning("Refund %s not sent: Mollie unavailable", given.pk)
        return False
    except provider.ProviderRefused:
        logger.exception("Mollie refused refund %s", given.pk)
        Refund.objects.filter(pk=given.pk).update(status=Refund.Status.FAILED)
        return False
    status = answer.get("status")
    if status not in Refund.Status.values:
        status = Refund.Status.PENDING
    Refund.objects.filter(pk=given.pk, status=Refund.Status.TO_SEND).update(
        status=status, mollie_id=answer.get("id"), sent_at=timezone.now()
    )
    return True
