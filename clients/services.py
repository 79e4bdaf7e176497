"""Signing a client in by e-mail, and what their own page shows."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from booking.links import manage_token, partner_token
from booking.models import Booking
from clients import tasks
from clients.models import SignIn
from core.tasks import enqueue_on_commit
from newsletter.links import MANAGE, token_for
from newsletter.models import Subscriber
from payments.models import Invoice
from prepaid.links import card_token, voucher_token
from prepaid.models import GiftVoucher, SessionCard

SESSION_KEY = "client_sign_in"


def is_known(email) -> bool:
    """Whether the site holds anything for `email` (a booking, a subscription, a
    card or a voucher)."""
    return (
        Booking.objects.filter(email__iexact=email).exists()
        or Booking.objects.filter(partner_email__iexact=email).exists()
        or Subscriber.objects.filter(email__iexact=email).exists()
        or SessionCard.objects.of(email).exists()
        or GiftVoucher.objects.bought_by(email).exists()
    )


@transaction.atomic
def request_sign_in(*, email, language) -> None:
    """Mail a sign-in link to a known address. The visitor hears the same either
    way, so the form tells nobody whose address the site knows."""
    if is_known(email):
        sign_in = SignIn.objects.create(email=email)
        enqueue_on_commit(tasks.send_sign_in_link, sign_in.pk, language)


def sign_in(*, sign_in, request) -> bool:
    """Use the link once: the browser that does is signed in for a few hours."""
    used = SignIn.objects.usable().filter(pk=sign_in.pk).update(used_at=timezone.now())
    if used:
        request.session.cycle_key()
        request.session[SESSION_KEY] = sign_in.pk
        request.session.set_expiry(settings.CLIENT_SESSION_HOURS * 60 * 60)
    return bool(used)


def signed_in_email(request) -> str | None:
    """The address this browser is signed in with, while that lasts."""
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return SignIn.objects.active().filter(pk=pk).values_list("email", flat=True).first()


def sign_out(request, *, everywhere=False) -> None:
    """End this browser's session, or every one of its address."""
    email = signed_in_email(request)
    ended = SignIn.objects.filter(pk=request.session.get(SESSION_KEY))
    if everywhere and email:
        ended = SignIn.objects.filter(email__iexact=email)
    ended.filter(ended_at=None).update(ended_at=timezone.now())
    request.session.flush()


def overview(email) -> dict:
    """What the client's page shows: their sessions, invoices, cards, vouchers
    and newsletter."""
    own = Q(email__iexact=email)
    bookings = Booking.objects.filter(own | Q(partner_email__iexact=email))
    bookings = bookings.select_related("session_type")
    now = timezone.now()
    coming = bookings.filter(status=Booking.Status.CONFIRMED, starts_at__gte=now)
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    return {
        "email": email,
        "coming": [
            (booking, token_for_reader(booking, email))
            for booking in coming.order_by("starts_at")
        ],
        "past": bookings.filter(starts_at__lt=now)
        .exclude(status__in=[Booking.Status.HELD, Booking.Status.EXPIRED])
        .order_by("-starts_at")[:20],
        # Each their own answers: a partner's are not the client's, and back.
        "intake": [
            (booking, answers)
            for booking in bookings
            if (answers := own_answers(booking, email))
        ],
        "invoices": Invoice.objects.filter(buyer_email__iexact=email).order_by(
            "-year", "-sequence"
        ),
        "subscriber": subscriber,
        "newsletter_token": subscriber and token_for(MANAGE, subscriber),
        "cards": [
            (card, card_token(card))
            for card in SessionCard.objects.of(email).select_related("package")
        ],
        "vouchers": [
            (voucher, voucher_token(voucher))
            for voucher in GiftVoucher.objects.bought_by(email)
        ],
    }


def token_for_reader(booking, email):
    """The link to `booking` of the client, or of the partner in it."""
    if booking.email.lower() == email.lower():
        return manage_token(booking)
    return partner_token(booking)


def own_answers(booking, email):
    if booking.email.lower() == email.lower():
        return booking.intake_answers
    return booking.partner_intake_answers


def forget_old_sign_ins() -> int:
    """Housekeeping: links and sessions that can no longer be used."""
    since = timezone.now() - timedelta(hours=settings.CLIENT_SESSION_HOURS)
    deleted, _ = (
        SignIn.objects.filter(created_at__lt=since)
        .exclude(pk__in=SignIn.objects.active())
        .delete()
    )
    return deleted
