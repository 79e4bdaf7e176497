"""The links in newsletter e-mails."""

from django.conf import settings

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
