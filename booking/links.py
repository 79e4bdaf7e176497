"""The links in booking e-mails: the client's own link to their booking."""

from django.core.exceptions import ValidationError

from booking.models import Booking
from core.addresses import absolute_reverse
from core.links import DAY, LinkPurpose


def find_booking(uid):
    try:
        return Booking.objects.select_related("session_type").filter(uid=uid).first()
    except ValidationError:  # not a UUID
        return None


# Moves, cancels and downloads the booking; the client has no account.
MANAGE = LinkPurpose("booking-manage", find=find_booking)
# Confirms a booking held until the client proves the address is theirs.
CONFIRM = LinkPurpose("booking-confirm", find=find_booking, max_age=7 * DAY)


def manage_token(booking):
    return MANAGE.token(str(booking.uid))


def manage_url(booking):
    """The client's own link to move or cancel: absolute, in their language."""
    return absolute_reverse(
        "booking:manage",
        language=booking.language,
        kwargs={"token": manage_token(booking)},
    )
