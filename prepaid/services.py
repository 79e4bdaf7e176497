"""Buying session cards and gift vouchers, and booking with them.

A balance changes only here, each time with its ledger line, inside the
transaction that books or cancels: a booking that fails takes its credit back
with it. Taking a credit is one conditional UPDATE (`balance >= 1`), which the
database applies to one transaction at a time, so twenty bookings racing for
the last credit leave one booked and nineteen refused, on SQLite and PostgreSQL.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from booking import services as booking_services
from booking.models import Booking
from core.models import SiteProfile
from core.tasks import enqueue_on_commit
from payments import services as payments
from payments.models import Payment
from prepaid import tasks
from prepaid.models import (
    CARD_PURPOSE,
    CreditEntry,
    GiftVoucher,
    Package,
    SessionCard,
    VoucherEntry,
    add_months,
    clean_code,
    new_code,
)

CENT = Decimal("0.01")
NO_CREDIT = _("This card has no credit left for this session.")
VOUCHER_USED = _("This voucher has no value left, or is no longer valid.")
WITHDRAWAL_OVER = _("The 14 days in which you could withdraw have passed.")


class Refused(Exception):
    """A card or voucher cannot pay for this (the message says why)."""


# Buying


@transaction.atomic
def order_card(*, package: Package, name, email, language, early_start=False):
    """A card to pay for; it holds its credits once the payment is in."""
    card = SessionCard.objects.create(
        package=package,
        name=name,
        email=email,
        language=language,
        sessions=package.sessions,
        price=package.price,
        early_start_requested_at=timezone.now() if early_start else None,
    )
    new_payment(card, package.price, package.name)
    return card


@transaction.atomic
def order_voucher(*, amount, description, buyer_name, buyer_email, language, **gift):
    """A voucher to pay for; `gift`: recipient_name, recipient_email, message,
    send_on (the recipient's mail goes then; without a date, once paid)."""
    voucher = GiftVoucher.objects.create(
        code=new_code(),
        amount=amount,
        description=description,
        buyer_name=buyer_name,
        buyer_email=buyer_email,
        language=language,
        **gift,
    )
    new_payment(voucher, amount, description)
    return voucher


def new_payment(thing, amount, description):
    """A payment for a card or voucher, by its buyer."""
    return payments.new_payment(
        purpose=thing.PURPOSE,
        reference=thing.pk,
        amount=amount,
        description=description,
        name=thing.buyer_name,
        email=thing.buyer_email,
        language=thing.language,
    )


def checkout_url(thing, *, redirect_url) -> str:
    """The checkout of the card's or voucher's open payment, or of a new one
    when the last failed. ProviderUnavailable if Mollie cannot be reached."""
    payment = thing.payments.first()
    if payment is not None and not payment.is_settled:
        payment = payments.check_quietly(payment)
    if payment.status in Payment.FAILURES:
        payment = new_payment(thing, payment.amount, payment.description)
    return payments.send_to_provider(payment, redirect_url=redirect_url)


def settle_paid(*, payment):
    """The money for a card or voucher is in (inside the payment's transaction):
    it comes to life, once; a second payment for the same goes back."""
    model = SessionCard if payment.purpose == CARD_PURPOSE else GiftVoucher
    thing = model.objects.select_for_update().filter(pk=payment.reference).first()
    if thing is None:
        return
    if thing.status != model.Status.NEW:
        payments.refund(
            payment=payment, amount=payment.amount, reason=str(_("Paid twice"))
        )
        return
    if model is SessionCard:
        activate_card(thing)
    else:
        activate_voucher(thing)


def activate_card(card):
    card.status = SessionCard.Status.ACTIVE
    card.paid_at = timezone.now()
    card.balance = card.sessions
    card.valid_until = add_months(timezone.localdate(), card.package.valid_months)
    card.save()
    card.entries.create(kind=CreditEntry.Kind.BOUGHT, change=card.sessions)
    enqueue_on_commit(tasks.send_card, card.pk)


def activate_voucher(voucher):
    voucher.status = GiftVoucher.Status.ACTIVE
    voucher.paid_at = timezone.now()
    voucher.balance = voucher.amount
    months = SiteProfile.get_solo().voucher_valid_months
    voucher.valid_until = add_months(timezone.localdate(), months)
    voucher.save()
    voucher.entries.create(kind=VoucherEntry.Kind.BOUGHT, change=voucher.amount)
    if voucher.buyer_email:
        enqueue_on_commit(tasks.send_voucher, voucher.pk)
    if GiftVoucher.objects.due_to_recipients().filter(pk=voucher.pk).exists():
        enqueue_on_commit(tasks.send_voucher_to_recipient, voucher.pk)


@transaction.atomic
def give_card(*, card) -> SessionCard:
    """A card the coach issues herself (paid in cash, or a gift): no payment,
    its credits at once, and its link to the client."""
    card.sessions = card.package.sessions
    card.price = card.package.price
    card.early_start_requested_at = timezone.now()  # the coach agreed it with them
    activate_card(card)
    return card


@transaction.atomic
def give_voucher(*, voucher, buyer_name, buyer_email) -> GiftVoucher:
    """A voucher the coach gives away: no payment, valid at once."""
    voucher.code = new_code()
    voucher.buyer_name = buyer_name
    voucher.buyer_email = buyer_email
    if voucher.recipient_email and not voucher.send_on:
        voucher.send_on = timezone.localdate()
    activate_voucher(voucher)
    return voucher


def send_due_vouchers() -> int:
    """Vouchers whose day has come go to their recipients (also housekeeping);
    the task sends each once."""
    due = list(GiftVoucher.objects.due_to_recipients().values_list("pk", flat=True))
    for pk in due:
        enqueue_on_commit(tasks.send_voucher_to_recipient, pk)
    return len(due)


# Booking with a card or voucher


@transaction.atomic
def book_with_card(*, card, session_type, starts_at, **details) -> Booking:
    """Book a session paid with one credit of `card`: Refused when it has none
    for this type, SlotTaken when the time went (the credit stays)."""
    if not card.package.session_types.filter(pk=session_type.pk).exists():
        raise Refused(NO_CREDIT)
    taken = SessionCard.objects.filter(
        pk=card.pk,
        status=SessionCard.Status.ACTIVE,
        valid_until__gte=timezone.localdate(),
        balance__gte=1,
    ).update(balance=F("balance") - 1)
    if not taken:
        raise Refused(NO_CREDIT)
    booking = booking_services.book_session(
        session_type=session_type,
        starts_at=starts_at,
        paid_in_advance=card.covers(session_type.price),
        **details,
    )
    card.entries.create(kind=CreditEntry.Kind.USED, change=-1, booking=booking)
    return booking


@transaction.atomic
def book_with_voucher(*, voucher, session_type, starts_at, **details) -> Booking:
    """Book a session paid (partly) with `voucher`: what it covers is taken at
    once, the rest is paid online; Refused when nothing is left on it."""
    voucher = GiftVoucher.objects.select_for_update().get(pk=voucher.pk)
    if not voucher.is_usable:
        raise Refused(VOUCHER_USED)
    covered = voucher.covers(session_type.price)
    # Conditional, as a second guard beside the row lock (SQLite has none).
    taken = GiftVoucher.objects.filter(pk=voucher.pk, balance__gte=covered).update(
        balance=F("balance") - covered
    )
    if not taken:
        raise Refused(VOUCHER_USED)
    booking = booking_services.book_session(
        session_type=session_type,
        starts_at=starts_at,
        paid_in_advance=covered,
        **details,
    )
    voucher.entries.create(
        kind=VoucherEntry.Kind.USED, change=-covered, booking=booking
    )
    return booking


def give_back(*, booking, share: Decimal):
    """A booking paid in advance ended (booking_ended): its credit goes back
    when the whole price does (a credit cannot be split), and a voucher gets
    `share` of what it paid. Once per booking: the ledger refuses a second."""
    used = CreditEntry.Kind.USED
    for entry in CreditEntry.objects.filter(booking=booking, kind=used):
        if share >= 1:
            kind = CreditEntry.Kind.RETURNED
            put_back(entry.card, CreditEntry(kind=kind, change=1, booking=booking))
    for entry in VoucherEntry.objects.filter(booking=booking, kind=used):
        amount = (-entry.change * share).quantize(CENT)
        if amount > 0:
            kind = VoucherEntry.Kind.RETURNED
            back = VoucherEntry(kind=kind, change=amount, booking=booking)
            put_back(entry.voucher, back)


def put_back(owner, entry):
    """Write `entry` in the ledger of `owner` (a card or voucher) and add it to
    the balance, unless the booking had it back already."""
    try:
        with transaction.atomic():
            owner.entries.add(entry, bulk=False)
    except IntegrityError:
        return  # given back already
    type(owner).objects.filter(pk=owner.pk).update(balance=F("balance") + entry.change)


# Withdrawal, refunds and expiry


@transaction.atomic
def withdraw_card(*, card, by_coach=False) -> Decimal:
    """The client withdraws within 14 days of buying (or the coach refunds the
    card): sessions to come are cancelled and their credits return, and the
    unused credits are paid back pro rata; sessions that took place are paid."""
    card = SessionCard.objects.select_for_update().get(pk=card.pk)
    if not (card.can_be_withdrawn or (by_coach and card.status == card.Status.ACTIVE)):
        raise Refused(WITHDRAWAL_OVER)
    amount = card.withdrawal_refund()
    for booking in card.bookings_to_come():
        booking_services.end_booking(
            Booking.objects.select_for_update().get(pk=booking.pk),
            booking.price,
            change="cancelled",
            by_coach=by_coach,
        )
    card.refresh_from_db()
    card.entries.create(kind=CreditEntry.Kind.REFUNDED, change=-card.balance)
    card.balance = 0
    card.status = SessionCard.Status.WITHDRAWN
    card.withdrawn_at = timezone.now()
    card.save(update_fields=["balance", "status", "withdrawn_at"])
    refund_payment(card, amount)
    return amount


@transaction.atomic
def withdraw_voucher(*, voucher, by_coach=False) -> Decimal:
    """An unused voucher, within 14 days of buying it (or by the coach, what
    is left on it), is paid back to the buyer."""
    voucher = GiftVoucher.objects.select_for_update().get(pk=voucher.pk)
    allowed = voucher.can_be_withdrawn or (
        by_coach and voucher.status == voucher.Status.ACTIVE
    )
    if not allowed:
        raise Refused(WITHDRAWAL_OVER)
    amount = voucher.balance
    voucher.entries.create(kind=VoucherEntry.Kind.REFUNDED, change=-amount)
    voucher.balance = 0
    voucher.status = GiftVoucher.Status.WITHDRAWN
    voucher.withdrawn_at = timezone.now()
    voucher.save(update_fields=["balance", "status", "withdrawn_at"])
    refund_payment(voucher, amount)
    return amount


def refund_payment(thing, amount):
    payment = thing.payments.filter(status=Payment.Status.PAID).first()
    if payment is not None and amount > 0:
        reason = f"{_('Withdrawal')}: {payment.description}"
        payments.refund(payment=payment, amount=amount, reason=reason)


def expire_balances() -> int:
    """Housekeeping: what is left on cards and vouchers past their date lapses,
    with a line in their ledger."""
    today = timezone.localdate()
    count = 0
    for model, entry_kind in (
        (SessionCard, CreditEntry.Kind.EXPIRED),
        (GiftVoucher, VoucherEntry.Kind.EXPIRED),
    ):
        for pk in model.objects.filter(
            status=model.Status.ACTIVE, valid_until__lt=today, balance__gt=0
        ).values_list("pk", flat=True):
            with transaction.atomic():
                thing = model.objects.select_for_update().get(pk=pk)
                thing.entries.create(kind=entry_kind, change=-thing.balance)
                thing.balance = 0
                thing.save(update_fields=["balance"])
                count += 1
    return count


def find_voucher(code) -> GiftVoucher | None:
    code = clean_code(code)
    if not code:
        return None
    return (
        GiftVoucher.objects.exclude(status=GiftVoucher.Status.NEW)
        .filter(code=code)
        .first()
    )
