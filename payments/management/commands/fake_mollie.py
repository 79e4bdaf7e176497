import time

from django.core.management.base import BaseCommand

from payments.fake import FakeMollie


class Command(BaseCommand):
    help = (
        "Serve a stand-in for Mollie's API and checkout on loopback "
        "(for development: `make run` starts it)."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8001")

    def handle(self, *, addrport, **options):
        host, port = addrport.rsplit(":", 1)
        with FakeMollie((host, int(port))) as fake:
            self.stdout.write(f"Fake Mollie on {fake.url}/ (checkout pages included)")
            while True:
                time.sleep(3600)
