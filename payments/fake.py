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
import json
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

OUTCOMES = ("paid", "failed", "canceled", "expired")
EXPIRES_AFTER = timedelta(minutes=15)


def now():
    return datetime.now(UTC)


def stamp(moment):
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class FakeMollie:
    """The fake's state, and the server that serves it.

    Faults, for tests: `fail_next(n, status)`, `stall_next(n, seconds)`,
    `webhooks = "deliver" | "drop" | "duplicate"` and `webhook_delay` seconds.
    """

    def __init__(self, address=("127.0.0.1", 0)):
        self.payments, self.refunds = {}, {}
        self.replies = {}  # idempotency key -> (status, body) of the first answer
        self.calls = []  # (method, path) of every API call, for tests
        self.webhooks, self.webhook_delay = "deliver", 0.0
        self.webhooks_sent = []
        self._failures, self._stalls = [], []
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(address, self.handler_class())
        self.server.daemon_threads = True
        self.thread = None

    @property
    def url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # Faults

    def fail_next(self, count=1, status=500):
        self._failures += [status] * count

    def stall_next(self, count=1, seconds=3.0):
        """The next calls are answered only after `seconds` (and done before)."""
        self._stalls += [seconds] * count

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
        """Post the webhook (only the id) as the faults say."""
        payment = self.payments[payment_id]
        url = payment.get("webhookUrl")
        if not url or self.webhooks == "drop":
            return
        times = 2 if self.webhooks == "duplicate" else 1

        def deliver():
            time.sleep(self.webhook_delay)
            for _ in range(times):
                self.post_webhook(url, payment_id)

        threading.Thread(target=deliver, daemon=True).start()

    def post_webhook(self, url, payment_id):
        body = urlencode({"id": payment_id}).encode()
        request = Request(url, data=body, method="POST")  # noqa: S310 (loopback)
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
        for attempt in range(3):  # Mollie tries again when the site fails
            try:
                with urlopen(request, timeout=10) as response:  # noqa: S310
                    self.webhooks_sent.append((payment_id, response.status))
                    return
            except OSError:
                time.sleep(0.2 * (attempt + 1))
        self.webhooks_sent.append((payment_id, None))

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

    def handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            @property
            def base(self):
                return f"http://{self.headers.get('Host', '127.0.0.1')}"

            def body(self):
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def do_GET(self):
                self.route("GET")

            def do_POST(self):
                self.route("POST")

            def route(self, method):
                path = urlsplit(self.path).path
                if path.startswith("/v2/"):
                    self.api(method, path)
                elif path.startswith("/checkout/"):
                    self.checkout(method, path.rsplit("/", 1)[-1])
                else:
                    self.reply(404, b"Not found", "text/plain")

            def api(self, method, path):
                if not self.headers.get("Authorization", "").startswith("Bearer test_"):
                    return self.json(401, error(401, "Missing authentication"))
                raw = self.body()
                data = json.loads(raw) if raw else {}
                key = self.headers.get("Idempotency-Key", "")
                with fake.lock:
                    failure = fake._failures.pop(0) if fake._failures else None
                    stall = fake._stalls.pop(0) if fake._stalls else None
                if failure:
                    fake.calls.append((method, path))
                    return self.json(failure, error(failure, "Something went wrong"))
                status, body = fake.answer(method, path, data, key, self.base)
                if stall:
                    time.sleep(stall)  # done, but the answer comes too late
                self.json(status, body)

            def checkout(self, method, payment_id):
                if payment_id not in fake.payments:
                    return self.reply(404, b"Unknown payment", "text/plain")
                if method == "POST":
                    form = parse_qs(self.body().decode())
                    outcome = form.get("outcome", [""])[0]
                    if outcome in OUTCOMES:
                        fake.settle(payment_id, outcome)
                    target = fake.payments[payment_id]["redirectUrl"]
                    self.send_response(303)
                    self.send_header("Location", target)
                    self.end_headers()
                    return
                payment = fake.current(payment_id)
                self.reply(200, checkout_page(payment).encode(), "text/html")

            def json(self, status, body):
                content = json.dumps(body).encode()
                self.reply(status, content, "application/hal+json")

            def reply(self, status, content, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

        return Handler


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
