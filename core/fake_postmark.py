"""A stand-in for Postmark on loopback, for the tests and for `make run`.

It speaks the part of Postmark's documented API that django-anymail's backend
uses (POST /email with the server token, the answer with MessageID and
ErrorCode, 406 for an address that bounced or complained before), and posts
Postmark's webhooks back to the site's anymail endpoint: Delivery, Bounce
(HardBounce or SoftBounce) and SpamComplaint, with the message's Metadata.
What happens to an address is scripted in `outcomes`, or by its local part as
in Postmark's test mode ("bounce@…", "softbounce@…", "spam@…"). Faults as in
core.fakes. With `echo` every message is printed, as Django's console backend
would.

    python manage.py fake_postmark 127.0.0.1:8002 --webhook URL
"""

import base64
import sys
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

from core.fakes import LoopbackFake, json_request

BY_LOCAL_PART = {"bounce": "HardBounce", "softbounce": "SoftBounce", "spam": "spam"}
INACTIVE = (
    "You tried to send to a recipient that has been marked as inactive.\n"
    "Found inactive addresses: {address}.\n"
    "Inactive recipients are ones that have generated a hard bounce or a spam "
    "complaint. "
)


def stamp():
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


class FakePostmark(LoopbackFake):
    def __init__(self, address=("127.0.0.1", 0), *, token, webhook_url="", echo=False):
        self.token, self.echo = token, echo
        self.webhook_url = webhook_url  # may carry user:password (basic auth)
        # address -> "Delivery", "HardBounce", "SoftBounce" or "spam"
        self.outcomes = {}
        self.inactive = set()  # addresses that bounced hard or complained
        self.sent = []  # the accepted messages, as posted
        super().__init__(address)

    def outcome(self, address):
        local = address.split("@")[0].lower()
        return self.outcomes.get(address, BY_LOCAL_PART.get(local, "Delivery"))

    def route(self, handler, method, path):
        if (method, urlsplit(path).path) != ("POST", "/email"):
            return handler.json(404, {"ErrorCode": 404, "Message": "Not found"})
        self.calls.append((method, path))
        if handler.headers.get("X-Postmark-Server-Token") != self.token:
            return handler.json(
                401,
                {"ErrorCode": 10, "Message": "No Account or Server API tokens found."},
            )
        message = handler.data()
        failure, stall = self.next_faults()
        if failure:
            return handler.json(failure, {"ErrorCode": 0, "Message": "Server error"})
        status, answer = self.accept(message)
        if stall:
            time.sleep(stall)  # accepted, but the answer comes too late
        handler.json(status, answer)

    def accept(self, message):
        to = message.get("To", "")
        address = to.rsplit("<", 1)[-1].rstrip(">").strip().lower()
        if address in self.inactive:
            return 422, {"ErrorCode": 406, "Message": INACTIVE.format(address=address)}
        message_id = str(uuid.uuid4())
        with self.lock:
            self.sent.append({**message, "MessageID": message_id})
        if self.echo:
            print_message(message)
        self.report(message, address, message_id)
        return 200, {
            "To": to,
            "SubmittedAt": stamp(),
            "MessageID": message_id,
            "ErrorCode": 0,
            "Message": "OK",
        }

    def report(self, message, address, message_id):
        """Postmark's webhook of what became of the message."""
        outcome = self.outcome(address)
        event = {
            "MessageStream": message.get("MessageStream", "outbound"),
            "MessageID": message_id,
            "Metadata": message.get("Metadata") or {},
            "ServerID": 1,
            "Tag": message.get("Tag", ""),
        }
        if outcome == "Delivery":
            event |= {
                "RecordType": "Delivery",
                "Recipient": address,
                "DeliveredAt": stamp(),
                "Details": "smtp;250 2.0.0 OK",
            }
        else:
            if outcome != "SoftBounce":
                self.inactive.add(address)
            kind = {
                "HardBounce": ("Bounce", "HardBounce", 1, "Hard bounce"),
                "SoftBounce": ("Bounce", "SoftBounce", 4096, "Soft bounce"),
                "spam": ("SpamComplaint", "SpamComplaint", 512, "Spam complaint"),
            }[outcome]
            record_type, type_, code, name = kind
            event |= {
                "RecordType": record_type,
                "ID": int(time.time() * 1000),
                "Type": type_,
                "TypeCode": code,
                "Name": name,
                "Email": address,
                "From": message.get("From", ""),
                "BouncedAt": stamp(),
                "Description": f"{name} reported by the receiving server.",
                "Details": "smtp;550 5.1.1 The email account does not exist."
                if outcome == "HardBounce"
                else "",
                "Inactive": outcome != "SoftBounce",
                "CanActivate": True,
                "Subject": message.get("Subject", ""),
            }
        url, auth = split_credentials(self.webhook_url)
        headers = [("Authorization", f"Basic {auth}")] if auth else []
        self.send_webhook(url, (address, outcome), json_request(url, event, headers))


def split_credentials(url):
    """(URL without user:password, their basic-auth token or "")."""
    if not url:
        return "", ""
    parts = urlsplit(url)
    if not parts.username:
        return url, ""
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    secret = f"{parts.username}:{parts.password or ''}".encode()
    return (
        urlunsplit(parts._replace(netloc=netloc)),
        base64.b64encode(secret).decode(),
    )


def print_message(message):
    out = sys.stdout
    out.write(
        f"From: {message.get('From', '')}\nTo: {message.get('To', '')}\n"
        f"Subject: {message.get('Subject', '')}\n\n{message.get('TextBody', '')}\n"
        + "-" * 79
        + "\n"
    )
    out.flush()
