import time

from django.core.management.base import BaseCommand

from core.fake_postmark import FakePostmark


class Command(BaseCommand):
    help = (
        "Serve a stand-in for Postmark's e-mail API on loopback that prints each "
        "message and reports back by webhook (for development: `make run` starts it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8002")
        parser.add_argument("--token", required=True, help="the server token")
        parser.add_argument(
            "--webhook", default="", help="the site's tracking URL, with user:password"
        )

    def handle(self, *, addrport, token, webhook, **options):
        host, port = addrport.rsplit(":", 1)
        fake = FakePostmark(
            (host, int(port)), token=token, webhook_url=webhook, echo=True
        )
        with fake:
            self.stdout.write(f"Fake Postmark on {fake.url}/ (mail is printed here)")
            while True:
                time.sleep(3600)
