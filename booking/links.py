"""The links in booking e-mails: the client's own link to their booking."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from booking.models import Booking, WaitingListEntry
from core.addresses import absolute_reverse
from core.links import DAY, LinkPurpose, by_key


def find_booking(uid):
    try:
        return Booking.objects.select_related("session_type").filter(uid=uid).first()
    except ValidationError:  # not a UUID
        return None


def find_by_either_link(uid):
    """The booking of the client's link or of the partner's (a couples session);
    `booking.for_partner` says which, so the pages show each their own."""
    bookings = Booking.objects.select_related("session_type")
    try:
        booking = bookings.filter(Q(uid=uid) | Q(partner_uid=uid)).first()
    except ValidationError:
        return None
    if booking is not None:
        booking.for_partner = str(booking.partner_uid) == uid
    return booking


def find_current_booking(uid):
    """The booking, until some days after its session: then its link has done
    its work, and stops opening the client's details."""
    booking = find_by_either_link(uid)
    days_after = timedelta(days=settings.BOOKING_LINK_DAYS_AFTER)
    if booking is None or booking.ends_at + days_after < timezone.now():
        return None
    return booking


# Moves, cancels and downloads the booking; the client has no account. The
# partner in a couples session has a link of their own (Booking.partner_uid).
MANAGE = LinkPurpose("booking-manage", find=find_current_booking)
# Confirms a booking held until the client proves the address is theirs.
CONFIRM = LinkPurpose("booking-confirm", find=find_booking, max_age=7 * DAY)
# Where the client pays, and comes back from the checkout to.
PAY = LinkPurpose("booking-pay", find=find_booking, max_age=7 * DAY)


def find_waiting(key):
    return by_key(
        WaitingListEntry.objects.waiting().select_related("session_type"), key
    )


# Leads a waiting client to the day a time came free on, for some hours.
WAITING = LinkPurpose(
    "booking-waiting",
    find=find_waiting,
    max_age=lambda: settings.BOOKING_WAITING_LINK_HOURS * 60 * 60,
)


def manage_token(booking):
    return MANAGE.token(str(booking.uid))


def partner_token(booking):
    return MANAGE.token(str(booking.partner_uid))


def manage_url(booking, *, partner=False):
    """The client's (or the partner's) own link to move or cancel: absolute, in
    their language."""
    token = partner_token(booking) if partner else manage_token(booking)
    return absolute_reverse(
        "booking:manage", language=booking.language, kwargs={"token": token}
    )


def partner_intake_url(booking):
    return absolute_reverse(
        "booking:partner_intake",
        language=booking.language,
        kwargs={"token": partner_token(booking)},
    )


def pay_url(booking):
    return absolute_reverse(
        "booking:pay",
        language=booking.language,
        kwargs={"token": PAY.token(str(booking.uid))},
    )


def withdraw_url(booking):
    return absolute_reverse(
        "booking:withdraw",
        language=booking.language,
        kwargs={"token": manage_token(booking)},
    )
