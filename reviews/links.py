"""The link in a review invitation: it writes the one review of one booking."""

from django.conf import settings

from booking.links import find_booking
from booking.models import Booking
from core.addresses import absolute_reverse
from core.links import DAY, LinkPurpose

# A review is written about a session that took place (or is still confirmed).
INVITABLE = (Booking.Status.CONFIRMED, Booking.Status.COMPLETED)


def find_invited_booking(uid):
    booking = find_booking(uid)
    return booking if booking and booking.status in INVITABLE else None


WRITE = LinkPurpose(
    "review-write",
    find=find_invited_booking,
    max_age=lambda: settings.REVIEWS_LINK_DAYS * DAY,
)


def write_url(booking):
    return absolute_reverse(
        "reviews:write",
        language=booking.language,
        kwargs={"token": WRITE.token(str(booking.uid))},
    )
