"""The links in newsletter e-mails."""

from django.conf import settings

from core.links import DAY, LinkPurpose
from newsletter.models import Subscriber


def find_subscriber(pk):
    return Subscriber.objects.filter(pk=pk).first()


# Double opt-in: only a click on this link makes an address receive mail.
CONFIRM = LinkPurpose(
    "newsletter-confirm",
    find=find_subscriber,
    max_age=lambda: settings.NEWSLETTER_CONFIRM_DAYS * DAY,
)
# In every mailing: unsubscribe, and change what and how often.
MANAGE = LinkPurpose("newsletter-manage", find=find_subscriber)
