"""The links a client gets by e-mail for their own page."""

from django.conf import settings

from clients.models import SignIn
from core.links import LinkPurpose


def find_sign_in(key):
    return SignIn.objects.usable().filter(key=key).first()


# Signs in once, for a short while (SignIn.usable also says so in the database).
SIGN_IN = LinkPurpose(
    "client-sign-in",
    find=find_sign_in,
    max_age=lambda: settings.CLIENT_LINK_MINUTES * 60,
)
