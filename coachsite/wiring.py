"""Where one app's news starts another app's work.

The apps send signals and know nothing of who listens; this top layer, which knows
every app, connects them here, so each link between two apps is written once and
can be read in one place.
"""

from blog.signals import post_published
from booking.signals import session_scheduled, sessions_completed
from newsletter import services as newsletter
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


def connect():
    post_published.connect(mail_new_post, dispatch_uid="mail_new_post")
    session_scheduled.connect(invite_review_later, dispatch_uid="invite_review_later")
    sessions_completed.connect(invite_review_now, dispatch_uid="invite_review_now")
