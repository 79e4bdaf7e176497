"""One function per e-mail about reviews."""

from django.conf import settings

from core.addresses import absolute_reverse
from core.emails import coach_addresses, send_templated_email
from reviews.links import write_url


def send_invitation(booking):
    """One invitation per booking, with a link that writes its one review."""
    send_templated_email(
        "reviews/emails/invitation",
        {
            "booking": booking,
            "review_url": write_url(booking),
            "link_days": settings.REVIEWS_LINK_DAYS,
        },
        to=booking.email,
        language=booking.language,
    )


def send_review_waiting(review):
    """Tell the coach a review waits for approval."""
    admin_url = absolute_reverse("admin:reviews_review_change", args=[review.pk])
    for address in coach_addresses():
        send_templated_email(
            "reviews/emails/waiting",
            {"review": review, "admin_url": admin_url},
            to=address,
            language=settings.LANGUAGE_CODE,
        )
