"""Buying and booking as a client does, through the pages."""

import re
import time

from django.urls import reverse

from core.protection import make_form_token
from prepaid.links import card_token
from prepaid.models import GiftVoucher, SessionCard
from tests.booking.visitors import booking_data
from tests.payments.mollie import webhook


def form(purpose, **fields):
    token = make_form_token(purpose, issued_at=time.time() - 30)
    return {"form_token": token, "company": "", **fields}


def pay_latest(client, mollie, capture, status="paid"):
    """Settle the newest payment at the fake Mollie and deliver its webhook."""
    payment_id = list(mollie.payments)[-1]
    mollie.settle(payment_id, status, notify=False)
    with capture(execute=True):
        assert webhook(client, payment_id).status_code == 200
    return payment_id


def buy_card(client, mollie, capture, package, email="anouk@example.com"):
    url = reverse("prepaid:buy_card", args=[package.slug])
    data = form("session-card", name="Anouk de Vries", email=email, consent="on")
    response = client.post(url, {**data, "early_start": "on"}, REMOTE_ADDR="10.4.4.4")
    assert response.status_code == 302, response.content
    assert response["Location"].startswith(mollie.url)
    pay_latest(client, mollie, capture)
    return SessionCard.objects.get(email=email)


def buy_voucher(client, mollie, capture, **fields):
    fields = {"value": "100", **fields}
    data = form(
        "gift-voucher",
        name="Sanne Bakker",
        email="sanne@example.com",
        consent="on",
        **fields,
    )
    response = client.post(reverse("prepaid:buy_voucher"), data, REMOTE_ADDR="10.4.4.5")
    assert response.status_code == 302, response.content
    pay_latest(client, mollie, capture)
    return GiftVoucher.objects.get(buyer_email="sanne@example.com")


def plan_url(card, session_type):
    return reverse(
        "prepaid:plan_with_card",
        kwargs={"token": card_token(card), "slug": session_type.slug},
    )


def book_with(client, url, start, capture=None, **fields):
    data = booking_data(start, **fields)
    if capture is None:
        return client.post(url, data, REMOTE_ADDR="10.4.4.6")
    with capture(execute=True):
        return client.post(url, data, REMOTE_ADDR="10.4.4.6")


def link_in(message, name):
    return re.search(rf"https?://[^/\s]+(/\S*{name}\S*/)", message.body)[1]
