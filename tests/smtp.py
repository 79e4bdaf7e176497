"""A real SMTP server on loopback (aiosmtpd) that tests can read and misconfigure."""

import asyncio
import email
import socket
import threading
from collections import defaultdict

from aiosmtpd.controller import Controller
from django.db import connections


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """What the server accepted, and how it should answer some addresses."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []
        self.return_paths = {}  # recipient -> the envelope sender of its last message
        self.refuse = {}  # address -> "450 ..." or "550 ..."
        self.on_message = None  # called with each accepted message

    async def handle_RCPT(self, server, session, envelope, address, options):
        if reply := self.refuse.get(address.lower()):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            for recipient in envelope.rcpt_tos:
                self.messages.append((recipient.lower(), message))
                self.return_paths[recipient.lower()] = envelope.mail_from
        if self.on_message:  # in a thread: it may use the database
            await asyncio.to_thread(self.call_on_message, message)
        return "250 Message accepted"

    def call_on_message(self, message):
        try:
            self.on_message(message)
        finally:
            connections.close_all()  # the thread's own, or the test database stays busy

    def by_recipient(self):
        received = defaultdict(list)
        with self.lock:
            for recipient, message in self.messages:
                received[recipient].append(message)
        return received

    def count(self):
        with self.lock:
            return len(self.messages)


class SMTPServer:
    def __init__(self):
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()
