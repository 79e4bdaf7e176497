"""The links in booking e-mails: the client's own link to their booking."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from booking.models import Booking
from core.addresses import absolute_reverse
from core.links import DAY, LinkPurpose


def find_booking(uid):
    try:
        return Booking.objects.select_related("session_type").filter(uid=uid).first()
    except ValidationError:  # not a UUID
        return None


def find_current_booking(uid):
    """The booking, until some days after its session: then its link has done
    its work, and stops opening the client's details."""
    booking = find_booking(uid)
    days_after = timedelta(days=settings.BOOKING_LINK_DAYS_AFTER)
    if booking is None or booking.ends_at + days_after < timezone.now():
        return None
    return booking


# Moves, cancels and downloads the booking; the client has no account.
MANAGE = LinkPurpose("booking-manage", find=find_current_booking)
# Confirms a booking held until the client proves the address is theirs.
CONFIRM = LinkPurpose("booking-confirm", find=find_booking, max_age=7 * DAY)
# Where the client pays, and comes back from the checkout to.
PAY = LinkPurpose("booking-pay", find=find_booking, max_age=7 * DAY)


def manage_token(booking):
    return MANAGE.token(str(booking.uid))


def manage_url(booking):
    """The client's own link to move or cancel: absolute, in their language."""
    return absolute_reverse(
        "booking:manage",
        language=booking.language,
        kwargs={"token": manage_token(booking)},
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
