import contextlib
import os
import signal
import subprocess
import sys
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

HOUSEKEEPING_EVERY_SECONDS = 300


def stand_in_address(api_url):
    """host:port of the stand-in for Mollie when the site is pointed at one on
    this machine (as `make run` does), else None."""
    parts = urlsplit(api_url)
    if parts.hostname in ("127.0.0.1", "localhost") and parts.port:
        return f"{parts.hostname}:{parts.port}"
    return None


def stand_ins(addrport):
    """The commands of the stand-ins for Mollie and Postmark the settings point
    at on this machine (as `make run` does)."""
    if fake_mollie := stand_in_address(settings.MOLLIE_API_URL):
        yield ["fake_mollie", fake_mollie]
    api_url = getattr(settings, "ANYMAIL_POSTMARK_API_URL", "")
    if settings.EMAIL_PROVIDER == "postmark" and (
        fake_postmark := stand_in_address(api_url)
    ):
        secret = getattr(settings, "ANYMAIL_WEBHOOK_SECRET", "")
        webhook = f"http://{secret}@{addrport}/anymail/postmark/tracking/"
        token = settings.ANYMAIL_POSTMARK_SERVER_TOKEN
        yield ["fake_postmark", fake_postmark, "--token", token, "--webhook", webhook]


class Command(BaseCommand):
    help = "Serve the site for development with a task worker and housekeeping."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *, addrport, **options):
        # Ctrl+C and `kill` both end in the `finally` below, however we were started.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, lambda *args: sys.exit(0))
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        # Each child gets a process group of its own, so that stopping it also stops
        # the process runserver's autoreloader starts.
        processes = [
            subprocess.Popen([*manage, "runserver", addrport], start_new_session=True),
            subprocess.Popen([*manage, "worker"], start_new_session=True),
        ]
        # The stand-ins first: the worker may send at once.
        processes[:0] = [
            subprocess.Popen([*manage, *command], start_new_session=True)
            for command in stand_ins(addrport)
        ]
        self.stdout.write(
            f"Serving on http://{addrport}/ (admin: /{settings.ADMIN_PATH}) "
            "with a task worker. Stop with Ctrl+C."
        )
        try:
            self.supervise(processes)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop(processes)

    def supervise(self, processes):
        """Run housekeeping every few minutes until a process stops."""
        next_housekeeping = 0.0
        while all(process.poll() is None for process in processes):
            if time.monotonic() >= next_housekeeping:
                call_command("housekeeping")
                next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY_SECONDS
            time.sleep(1)
        self.stderr.write("A server process stopped; stopping the others.")

    def stop(self, processes):
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
