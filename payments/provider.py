"""The payment provider, Mollie, through its official client.

Every call that creates something carries our own idempotency key, so a call
repeated after a time-out or a lost answer returns what the first one made.
"""

from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from mollie.api.client import Client
from mollie.api.error import Error, ResponseError
from mollie.api.objects.payment import Payment as MolliePayment

LOCALES = {"nl": "nl_NL", "en": "en_US"}


class ProviderUnavailable(Exception):
    """Mollie could not be reached, timed out or failed: try again later."""


class ProviderRefused(Exception):
    """Mollie refused the request (4xx): trying again will not help."""


def enabled() -> bool:
    """Without an API key, paid sessions are booked as before and paid outside
    the site."""
    return bool(settings.MOLLIE_API_KEY)


def checkout_origin() -> str:
    """Where Mollie's checkout lives: the pages whose forms lead there must allow
    it in their Content-Security-Policy (form-action applies to redirects)."""
    api = urlsplit(settings.MOLLIE_API_URL)
    if api.hostname == "api.mollie.com":
        return "https://www.mollie.com"
    return f"{api.scheme}://{api.netloc}"  # a stand-in serves both


def client() -> Client:
    mollie = Client(
        api_endpoint=settings.MOLLIE_API_URL,
        timeout=settings.MOLLIE_TIMEOUT_SECONDS,
        retry=1,
    )
    mollie.set_api_key(settings.MOLLIE_API_KEY)
    mollie.set_user_agent_component("coachsite", "1")
    return mollie


def money(amount: Decimal) -> dict:
    return {"currency": "EUR", "value": f"{amount:.2f}"}


def calling(function, *args, **kwargs):
    """Call the client, turning its errors into ours."""
    try:
        return function(*args, **kwargs)
    except ResponseError as error:
        if error.status is not None and 400 <= error.status < 500:
            raise ProviderRefused(str(error)) from error
        raise ProviderUnavailable(str(error)) from error
    except Error as error:  # no answer, a time-out, or no JSON (a 502 page)
        raise ProviderUnavailable(str(error)) from error


def create_payment(payment, *, redirect_url, webhook_url):
    data = {
        "amount": money(payment.amount),
        "description": payment.description,
        "redirectUrl": redirect_url,
        "webhookUrl": webhook_url,
        "locale": LOCALES.get(payment.language, "nl_NL"),
        "metadata": {"purpose": payment.purpose, "reference": payment.reference},
    }
    key = str(payment.idempotency_key)
    return calling(client().payments.create, data, idempotency_key=key)


def get_payment(mollie_id):
    return calling(client().payments.get, mollie_id)


def create_refund(refund):
    mollie = client()
    payment = MolliePayment({"id": refund.payment.mollie_id}, mollie)
    data = {"amount": money(refund.amount), "description": refund.reason[:140]}
    key = str(refund.idempotency_key)
    return calling(payment.refunds.create, data, idempotency_key=key)
