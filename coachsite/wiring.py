"""Where one app's news starts another app's work.

The apps send signals and know nothing of who listens; this top layer, which knows
every app, connects them here, so each link between two apps is written once and
can be read in one place.
"""

from blog.signals import post_published
from booking import services as booking
from booking.models import PAYMENT_PURPOSE
from booking.signals import booking_ended, session_scheduled, sessions_completed
from newsletter import services as newsletter
from payments.signals import payment_failed, payment_paid
from prepaid import services as prepaid
from prepaid.models import CARD_PURPOSE, VOUCHER_PURPOSE
from reviews import services as reviews


def mail_new_post(sender, post, **kwargs):
    """A published post goes to the subscribers at its moment of publication."""
    newsletter.schedule_new_post_mailing(post=post)


def invite_review_later(sender, booking, **kwargs):
    """A client is asked for a review some hours after the session."""
    reviews.schedule_invitation(booking=booking)


def invite_review_now(sender, booking_ids, **kwargs):
    """... or at once, when the coach marks the session completed."""
    reviews.invite_now(booking_ids=booking_ids)


def confirm_paid_booking(sender, payment, **kwargs):
    """The money for a booking is in: it is confirmed (or refunded if too late);
    for a session card or gift voucher: it holds its credits or value."""
    if payment.purpose == PAYMENT_PURPOSE:
        booking.settle_paid_booking(payment=payment)
    elif payment.purpose in (CARD_PURPOSE, VOUCHER_PURPOSE):
        prepaid.settle_paid(payment=payment)


def free_unpaid_booking(sender, payment, **kwargs):
    """A booking's payment failed: its time is free again."""
    if payment.purpose == PAYMENT_PURPOSE:
        booking.release_unpaid_booking(payment=payment)


def give_back_advance(sender, booking, share, **kwargs):
    """A booking paid with a card or voucher ended: its credit or value returns."""
    prepaid.give_back(booking=booking, share=share)


def connect():
    post_published.connect(mail_new_post, dispatch_uid="mail_new_post")
    session_scheduled.connect(invite_review_later, dispatch_uid="invite_review_later")
    sessions_completed.connect(invite_review_now, dispatch_uid="invite_review_now")
    payment_paid.connect(confirm_paid_booking, dispatch_uid="confirm_paid_booking")
    payment_failed.connect(free_unpaid_booking, dispatch_uid="free_unpaid_booking")
    booking_ended.connect(give_back_advance, dispatch_uid="give_back_advance")
