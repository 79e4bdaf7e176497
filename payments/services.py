"""Payments through Mollie, each outcome applied exactly once.

The outcome of a payment reaches the site three ways: Mollie's webhook (which
carries only the id), the client's return from the checkout, and housekeeping
for payments still open. Each of them fetches the payment from Mollie and hands
it to `apply`, which locks the row, so whichever comes first acts and the others
find nothing left to do.
"""

import logging
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.addresses import absolute_reverse
from core.tasks import enqueue_on_commit
from payments import invoices, provider, tasks
from payments.models import Payment, Refund
from payments.signals import payment_failed, payment_paid

logger = logging.getLogger(__name__)

# Housekeeping asks Mollie about a payment it has not heard of for this long.
CHECK_AFTER = timedelta(minutes=2)
# A payment never created at Mollie (its answer lost twice) is given up after this.
GIVE_UP_AFTER = timedelta(hours=1)


def new_payment(*, purpose, reference, amount, description, name, email, language):
    """A payment to start, saved with what it is for (inside the caller's
    transaction); `send_to_provider` starts it at Mollie after the commit."""
    return Payment.objects.create(
        purpose=purpose,
        reference=reference,
        amount=amount,
        description=description[:255],
        name=name,
        email=email,
        language=language,
    )


def send_to_provider(payment, *, redirect_url) -> str:
    """The checkout address of `payment`, creating it at Mollie if need be; a
    repeated call (a second click, a retry after a time-out) gets the same
    payment back, thanks to the idempotency key. ProviderUnavailable if Mollie
    cannot be reached now."""
    if payment.checkout_url:
        return payment.checkout_url
    webhook_url = absolute_reverse("payments:webhook")
    for attempt in (1, 2):
        try:
            answer = provider.create_payment(
                payment, redirect_url=redirect_url, webhook_url=webhook_url
            )
            break
        except provider.ProviderUnavailable:
            if attempt == 2:
                raise
    payment = apply(payment.pk, answer)
    return payment.checkout_url


def check(payment) -> Payment:
    """Ask Mollie how `payment` stands and act on it; ProviderUnavailable if
    Mollie cannot say now."""
    if not payment.mollie_id:
        return payment
    return apply(payment.pk, provider.get_payment(payment.mollie_id))


def check_quietly(payment) -> Payment:
    """`check`, or the payment as we know it when Mollie cannot be asked now."""
    try:
        return check(payment)
    except provider.ProviderUnavailable:
        logger.warning("Mollie unavailable for payment %s", payment.pk, exc_info=True)
        return payment


@transaction.atomic
def apply(payment_pk, answer) -> Payment:
    """Record what Mollie says of a payment, and tell the site if its outcome
    is new. The row lock makes this the one place an outcome happens once."""
    payment = Payment.objects.select_for_update().get(pk=payment_pk)
    before = payment.status
    status = answer.get("status")
    if before == Payment.Status.PAID or status not in Payment.Status.values:
        status = before  # a paid payment stays paid (refunds are counted apart)
    payment.status = status
    payment.mollie_id = payment.mollie_id or answer.get("id")
    checkout = (answer.get("_links") or {}).get("checkout") or {}
    payment.checkout_url = checkout.get("href") or payment.checkout_url
    payment.method = answer.get("method") or payment.method
    refunded = (answer.get("amountRefunded") or {}).get("value")
    if refunded is not None:
        payment.amount_refunded = min(Decimal(refunded), payment.amount)
    payment.checked_at = timezone.now()
    if status == Payment.Status.PAID and before != status:
        payment.paid_at = parse_datetime(answer.get("paidAt") or "") or timezone.now()
    if status in Payment.FAILURES:
        payment.checkout_url = ""
    payment.save()
    if before != status and status == Payment.Status.PAID:
        invoice = invoices.issue(payment=payment, total=payment.amount)
        enqueue_on_commit(tasks.send_invoice, invoice.pk)
        payment_paid.send(sender=Payment, payment=payment)
    elif before != status and status in Payment.FAILURES:
        payment_failed.send(sender=Payment, payment=payment)
    return payment


@transaction.atomic
def refund(*, payment, amount: Decimal, reason: str) -> Refund | None:
    """Give back `amount` of a paid payment (at most what is left of it), at
    once through Mollie after the commit; None when nothing is left to give."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    amount = min(Decimal(amount), payment.refundable).quantize(Decimal("0.01"))
    if amount <= 0:
        return None
    given = payment.refunds.create(amount=amount, reason=reason[:255])
    credit_note = invoices.issue(payment=payment, total=-amount, refund=given)
    enqueue_on_commit(tasks.send_refund, given.pk)
    enqueue_on_commit(tasks.send_invoice, credit_note.pk)
    return given


def settle_open_payments() -> int:
    """Housekeeping: ask Mollie about payments it has not told us of (a lost
    webhook), give up on those never created there, send refunds left over."""
    now = timezone.now()
    changed = 0
    waiting = Payment.objects.unsettled().filter(checked_at__lt=now - CHECK_AFTER)
    for payment in waiting.order_by("created_at")[:100]:
        changed += check_quietly(payment).status != payment.status
    for payment in Payment.objects.filter(
        status=Payment.Status.CREATED,
        mollie_id=None,
        created_at__lt=now - GIVE_UP_AFTER,
    ):
        changed += 1
        apply(payment.pk, {"status": Payment.Status.FAILED})
    for pk in Refund.objects.filter(
        status=Refund.Status.TO_SEND, created_at__lt=now - CHECK_AFTER
    ).values_list("pk", flat=True):
        changed += tasks.send_refund_now(pk)
    return changed
