from django.conf import settings

from clients.links import SIGN_IN
from core.addresses import absolute_reverse
from core.emails import send_templated_email


def send_sign_in_link(sign_in, *, language):
    url = absolute_reverse(
        "clients:sign_in",
        language=language,
        kwargs={"token": SIGN_IN.token(sign_in.key)},
    )
    send_templated_email(
        "clients/emails/sign_in",
        {"url": url, "minutes": settings.CLIENT_LINK_MINUTES},
        to=sign_in.email,
        language=language,
    )
