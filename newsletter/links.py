"""The links in newsletter e-mails."""

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from core.links import DAY, LinkPurpose, by_key
from newsletter.models import Subscriber


def find_subscriber(value):
    return by_key(Subscriber.objects.all(), value)


def token_for(purpose, subscriber):
    return purpose.token(str(subscriber.key))


# Double opt-in: only a click on this link makes an address receive mail.
CONFIRM = LinkPurpose(
    "newsletter-confirm",
    find=find_subscriber,
    max_age=lambda: settings.NEWSLETTER_CONFIRM_DAYS * DAY,
)
# In every mailing: unsubscribe, and change what and how often.
MANAGE = LinkPurpose("newsletter-manage", find=find_subscriber)


# A delivery named in a return path (newsletter.bounces) or a click address
# (newsletter.clicks): "<id>-<mark>". They open nothing, so a short mark does; hex,
# because some mail servers change the case of an address.


def delivery_mark(purpose, delivery_id):
    return salted_hmac(f"newsletter.{purpose}", str(delivery_id)).hexdigest()[:12]


def delivery_token(purpose, delivery_id):
    return f"{delivery_id}-{delivery_mark(purpose, delivery_id)}"


def delivery_id_in(purpose, token):
    """The delivery's id a genuine token names, else None."""
    number, _, mark = token.partition("-")
    if number.isdigit() and constant_time_compare(
        mark.lower(), delivery_mark(purpose, number)
    ):
        return int(number)
    return None
