import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

HOUSEKEEPING_EVERY_SECONDS = 300


class Command(BaseCommand):
    help = (
        "Serve the site for development with a task worker and periodic housekeeping."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *, addrport, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        processes = [
            subprocess.Popen([*manage, "runserver", addrport]),
            subprocess.Popen([*manage, "worker"]),
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
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=15)

    def supervise(self, processes):
        """Run housekeeping every few minutes until a process stops."""
        next_housekeeping = 0.0
        while all(process.poll() is None for process in processes):
            if time.monotonic() >= next_housekeeping:
                call_command("housekeeping")
                next_housekeeping = time.monotonic() + HOUSEKEEPING_EVERY_SECONDS
            time.sleep(1)
        self.stderr.write("A server process stopped; stopping the others.")
