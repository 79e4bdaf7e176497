"""A stand-in for Mollie on loopback, for the tests and for `make run`.

It speaks the part of Mollie's documented v2 API the site uses (create and get
payments, refunds, idempotency keys, HAL+JSON with `_links`, errors) and
has a checkout page on which you choose the outcome, as in Mollie's test mode.
Webhooks carry only the payment's id, as Mollie's do. Faults can be scripted:
answers that fail (5xx) or come too late (a client time-out, after the work is
done), and webhooks that are dropped, repeated or delayed.

    python manage.py fake_mollie 127.0.0.1:8001
"""

import html
import secrets
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request

from core.fakes import LoopbackFake

OUTCOMES = ("paid", "failed", "canceled", "expired")
HAL = "application/hal+json"
EXPIRES_AFTER = timedelta(minutes=15)


def now():
    return datetime.now(UTC)


def stamp(moment):
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class FakeMollie(LoopbackFake):
    """The fake's state, and the server that serves it (faults: core.fakes)."""

    def __init__(self, address=("127.0.0.1", 0)):
        self.payments, self.refunds = {}, {}
        self.replies = {}  # idempotency key -> (status, body) of the first answer
        super().__init__(address)

    # The provider's side of a payment

    def settle(self, payment_id, status, *, notify=True):
        """What the client chose at the checkout, or the bank decided."""
        with self.lock:
            payment = self.payments[payment_id]
            payment["status"] = status
            payment[f"{status}At"] = stamp(now())
            if status == "paid":
                payment["amountRemaining"] = dict(payment["amount"])
                payment["method"] = payment["method"] or "ideal"
        if notify:
            self.notify(payment_id)

    def notify(self, payment_id):
        """Post the webhook (only the id), as Mollie does."""
        url = self.payments[payment_id].get("webhookUrl")
        body = urlencode({"id": payment_id}).encode()
        request = Request(url or "", data=body, method="POST")  # noqa: S310
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        self.send_webhook(url, payment_id, request)

    def current(self, payment_id):
        """The payment as Mollie would answer now (an open one expires)."""
        with self.lock:
            payment = self.payments[payment_id]
            if payment["status"] == "open" and payment["_expires"] < now():
                payment["status"], payment["expiredAt"] = "expired", stamp(now())
            return {k: v for k, v in payment.items() if k != "_expires"}

    # The API

    def create_payment(self, data, base):
        payment_id = "tr_" + secrets.token_hex(5)
        amount = data.get("amount") or {}
        if Decimal(amount.get("value", "0")) <= 0:
            return 422, error(422, "The amount is lower than the minimum", "amount")
        payment = {
            "resource": "payment",
            "id": payment_id,
            "mode": "test",
            "createdAt": stamp(now()),
            "amount": amount,
            "description": data.get("description", ""),
            "method": data.get("method"),
            "metadata": data.get("metadata"),
            "status": "open",
            "isCancelable": False,
            "locale": data.get("locale"),
            "profileId": "pfl_fake",
            "sequenceType": "oneoff",
            "redirectUrl": data.get("redirectUrl"),
            "webhookUrl": data.get("webhookUrl"),
            "expiresAt": stamp(now() + EXPIRES_AFTER),
            "_expires": now() + EXPIRES_AFTER,
            "_links": {
                "self": link(f"{base}/v2/payments/{payment_id}", "hal+json"),
                "checkout": link(f"{base}/checkout/{payment_id}", "html"),
                "dashboard": link(f"{base}/dashboard/{payment_id}", "html"),
            },
        }
        self.payments[payment_id] = payment
        return 201, self.current(payment_id)

    def create_refund(self, payment_id, data, base):
        payment = self.payments.get(payment_id)
        if payment is None:
            return 404, error(404, "No payment exists with token " + payment_id)
        if payment["status"] != "paid":
            return 422, error(422, "The payment has not been paid")
        value = Decimal((data.get("amount") or {}).get("value", "0"))
        refunded = sum(
            Decimal(refund["amount"]["value"])
            for refund in self.refunds.values()
            if refund["paymentId"] == payment_id
        )
        if value <= 0 or refunded + value > Decimal(payment["amount"]["value"]):
            return 422, error(
                422, "The amount is higher than the amount left", "amount"
            )
        refund_id = "re_" + secrets.token_hex(5)
        refund = {
            "resource": "refund",
            "id": refund_id,
            "amount": data["amount"],
            "description": data.get("description", ""),
            "status": "pending",
            "createdAt": stamp(now()),
            "paymentId": payment_id,
            "_links": {
                "self": link(f"{base}/v2/payments/{payment_id}/refunds/{refund_id}"),
                "payment": link(f"{base}/v2/payments/{payment_id}"),
            },
        }
        self.refunds[refund_id] = refund
        total = refunded + value
        payment["amountRefunded"] = {"currency": "EUR", "value": f"{total:.2f}"}
        left = Decimal(payment["amount"]["value"]) - total
        payment["amountRemaining"] = {"currency": "EUR", "value": f"{left:.2f}"}
        payment["_links"]["refunds"] = link(f"{base}/v2/payments/{payment_id}/refunds")
        return 201, refund

    def answer(self, method, path, data, key, base):
        """(status, body) for an API call."""
        self.calls.append((method, path))
        parts = path.strip("/").split("/")
        with self.lock:
            if key and key in self.replies:
                return self.replies[key]
            if method == "POST" and parts == ["v2", "payments"]:
                reply = self.create_payment(data, base)
            elif (
                method == "POST"
                and parts[:2] == ["v2", "payments"]
                and parts[3:] == ["refunds"]
            ):
                reply = self.create_refund(parts[2], data, base)
            elif (
                method == "GET" and parts[:2] == ["v2", "payments"] and len(parts) == 3
            ):
                if parts[2] not in self.payments:
                    return 404, error(404, "No payment exists with token " + parts[2])
                return 200, self.current(parts[2])
            else:
                return 404, error(404, "Unknown endpoint")
            if key:
                self.replies[key] = reply
            return reply

    def route(self, handler, method, path):
        path = urlsplit(path).path
        if path.startswith("/v2/"):
            self.api(handler, method, path)
        elif path.startswith("/checkout/"):
            self.checkout(handler, method, path.rsplit("/", 1)[-1])
        else:
            handler.reply(404, b"Not found", "text/plain")

    def api(self, handler, method, path):
        if not handler.headers.get("Authorization", "").startswith("Bearer test_"):
            return handler.json(401, error(401, "Missing authentication"), HAL)
        data = handler.data()
        key = handler.headers.get("Idempotency-Key", "")
        failure, stall = self.next_faults()
        if failure:
            self.calls.append((method, path))
            return handler.json(failure, error(failure, "Something went wrong"), HAL)
        status, body = self.answer(method, path, data, key, handler.base)
        if stall:
            time.sleep(stall)  # done, but the answer comes too late
        handler.json(status, body, HAL)

    def checkout(self, handler, method, payment_id):
        if payment_id not in self.payments:
            return handler.reply(404, b"Unknown payment", "text/plain")
        if method == "POST":
            form = parse_qs(handler.body().decode())
            outcome = form.get("outcome", [""])[0]
            if outcome in OUTCOMES:
                self.settle(payment_id, outcome)
            handler.send_response(303)
            handler.send_header("Location", self.payments[payment_id]["redirectUrl"])
            handler.end_headers()
            return
        payment = self.current(payment_id)
        handler.reply(200, checkout_page(payment).encode(), "text/html")


def link(href, kind="hal+json"):
    return {
        "href": href,
        "type": f"application/{kind}" if kind != "html" else "text/html",
    }


def error(status, detail, field=None):
    body = {"status": status, "title": "Error", "detail": detail}
    if field:
        body["field"] = field
    return body


def checkout_page(payment):
    """Mollie's test-mode checkout: choose how the payment ends."""
    amount = payment["amount"]["value"]
    buttons = "".join(
        f'<button name="outcome" value="{outcome}">{outcome.capitalize()}</button> '
        for outcome in OUTCOMES
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Test checkout (fake Mollie)</title></head><body>"
        f"<h1>Test checkout: € {html.escape(amount)}</h1>"
        f"<p>{html.escape(payment['description'])}</p>"
        f"<p>Status: <span id='status'>{payment['status']}</span></p>"
        f"<form method='post'>{buttons}</form></body></html>"
    )
