"""Answering a privacy request (AVG/GDPR): everything about one e-mail address, and
forgetting it.

A person is known here only by their e-mail address: in comments, the newsletter,
bookings and the reviews written through a booking. Erasing keeps what the coach's
accounting must keep (that a session of a kind took place on a date, and the name
for the invoice) and nothing else.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from blog.models import Comment
from booking.models import Booking
from clients.models import SignIn
from core.versions import everything_changed
from newsletter.models import Delivery, Subscriber
from payments.models import Invoice, Payment
from prepaid.models import GiftVoucher, SessionCard
from reviews.models import Review

# The name left on a comment others replied to, which keeps its place in the thread.
ERASED_NAME = "—"

# Exporting shows, and erasing deletes or empties, rows of every app: only for
# those who may do that in each of them. Intake answers need their own permission.
EXPORT_NEEDS = [
    "blog.view_comment",
    "newsletter.view_subscriber",
    "booking.view_booking",
    "reviews.view_review",
]
ERASE_NEEDS = [
    "blog.delete_comment",
    "newsletter.delete_subscriber",
    "booking.change_booking",
    "reviews.delete_review",
]


def may_export(user):
    return user.has_perms(EXPORT_NEEDS)


def may_erase(user):
    return user.has_perms(ERASE_NEEDS)


def record(obj, *, exclude=()):
    """The object's own fields, with related objects by name rather than by id."""
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in exclude:
            continue
        value = getattr(obj, field.name)
        data[field.name] = str(value) if field.is_relation and value else value
    return data


def personal_data(email, *, with_intake=True):
    """Everything stored about `email`, as plain data (the export); intake answers
    only `with_intake`."""
    comments = Comment.objects.filter(email__iexact=email).select_related("post")
    subscriber = Subscriber.objects.filter(email__iexact=email).first()
    bookings = Booking.objects.filter(email__iexact=email).select_related(
        "session_type"
    )
    reviews = Review.objects.filter(booking__email__iexact=email)
    booking_internals = ["blocked_from", "blocked_until", "sequence"]
    if not with_intake:
        booking_internals.append("intake_answers")
    return {
        "email": email,
        "exported_at": timezone.now(),
        "comments": [
            {
                **record(comment, exclude=["parent"]),
                "url": comment.post.get_absolute_url(),
            }
            for comment in comments
        ],
        "newsletter": subscriber
        and {
            **record(subscriber),
            "topics": [topic.name for topic in subscriber.topics.all()],
            "mailings_received": [
                {"subject": delivery.campaign.subject, "sent_at": delivery.sent_at}
                for delivery in subscriber.deliveries.filter(
                    status=Delivery.Status.SENT
                ).select_related("campaign")
            ],
        },
        "bookings": [
            record(booking, exclude=booking_internals) for booking in bookings
        ],
        "couples_sessions_as_partner": [
            {
                "session": str(booking),
                "partner_name": booking.partner_name,
                "partner_email": booking.partner_email,
                "partner_consent_at": booking.partner_consent_at,
                **(
                    {"partner_intake_answers": booking.partner_intake_answers}
                    if with_intake
                    else {}
                ),
            }
            for booking in Booking.objects.filter(partner_email__iexact=email)
        ],
        "reviews": [record(review) for review in reviews],
        "payments": [
            record(payment, exclude=["idempotency_key", "checkout_url"])
            for payment in Payment.objects.filter(email__iexact=email)
        ],
        "invoices": [
            record(invoice)
            for invoice in Invoice.objects.filter(buyer_email__iexact=email)
        ],
        "session_cards": [
            {
                **record(card, exclude=["key"]),
                "history": [
                    record(entry, exclude=["card"]) for entry in card.entries.all()
                ],
            }
            for card in SessionCard.objects.filter(email__iexact=email)
        ],
        "gift_vouchers": [
            record(voucher, exclude=["key"]) for voucher in vouchers_of(email)
        ],
    }


def vouchers_of(email):
    """Vouchers `email` bought or was given."""
    return GiftVoucher.objects.filter(buyer_email__iexact=email) | (
        GiftVoucher.objects.filter(recipient_email__iexact=email)
    )


@transaction.atomic
def erase(email) -> dict:
    """Forget `email`: delete what only concerns them, anonymise what must stay.

    Returns how many of each kind were deleted or anonymised.
    """
    comments = Comment.objects.filter(email__iexact=email)
    # A comment others replied to stays as an empty place in the thread.
    answered = comments.filter(replies__isnull=False).distinct()
    anonymised_comments = Comment.objects.filter(pk__in=answered).update(
        name=ERASED_NAME, email="", website="", body="", ip_hash="",
        wants_reply_notices=False, reply_notices_confirmed_at=None,
    )  # fmt: skip
    deleted_comments = delete(comments.exclude(pk__in=answered))
    deleted_reviews = delete(Review.objects.filter(booking__email__iexact=email))

    now = timezone.now()
    bookings = Booking.objects.filter(email__iexact=email)
    coming = [Booking.Status.CONFIRMED, Booking.Status.HELD]
    bookings.filter(status__in=coming, starts_at__gt=now).update(
        status=Booking.Status.CANCELLED, cancelled_at=now
    )
    anonymised_bookings = bookings.update(
        email="", phone="", intake_answers={}, meeting_url="",
        time_zone=settings.TIME_ZONE,
        # Planned reminders and review invitations find nobody left to mail.
        reminder_sent_at=Coalesce("reminder_sent_at", Value(now)),
        review_invited_at=Coalesce("review_invited_at", Value(now)),
    )  # fmt: skip
    # A partner in a couples session: their part goes, the client's stays.
    Booking.objects.filter(partner_email__iexact=email).update(
        partner_name="", partner_email="", partner_uid=None,
        partner_intake_answers={}, partner_consent_at=None,
    )  # fmt: skip
    deleted_subscribers = delete(Subscriber.objects.filter(email__iexact=email))
    SignIn.objects.filter(email__iexact=email).delete()  # signed out everywhere
    # Payments and invoices stay seven years for the tax authorities, with the
    # name the law asks for; the address that reached the person goes.
    anonymised_payments = Payment.objects.filter(email__iexact=email).update(email="")
    Invoice.objects.filter(buyer_email__iexact=email).update(buyer_email="")
    # Cards and vouchers keep their value (their links still work) and their
    # ledgers, for the accounts; they no longer say whose they are.
    anonymised_cards = SessionCard.objects.filter(email__iexact=email).update(email="")
    GiftVoucher.objects.filter(buyer_email__iexact=email).update(buyer_email="")
    GiftVoucher.objects.filter(recipient_email__iexact=email).update(
        recipient_email="", recipient_name="", message=""
    )
    transaction.on_commit(everything_changed)  # their comments and reviews are gone
    return {
        "comments deleted": deleted_comments,
        "comments anonymised": anonymised_comments,
        "reviews deleted": deleted_reviews,
        "bookings anonymised": anonymised_bookings,
        "newsletter subscriptions deleted": deleted_subscribers,
        "payments anonymised": anonymised_payments,
        "session cards anonymised": anonymised_cards,
    }


def delete(queryset):
    """Delete, and count only the queryset's own rows (not what went with them)."""
    _, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)
