from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each module offers has_content() and load(); load() only adds what is missing.
# In this order: the blog's posts offer the agenda's sessions, reviews are about
# sessions that took place.
DEMO_MODULES = [
    "core.demo",
    "coachsite.demo",
    "booking.demo",
    "prepaid.demo",
    "blog.demo",
    "newsletter.demo",
    "reviews.demo",
]


class Command(BaseCommand):
    help = "Load the demo content (safe to repeat: it never overwrites existing rows)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the site already has content of its own.",
        )

    def handle(self, *, if_empty, **options):
        modules = [import_module(name) for name in DEMO_MODULES]
        if if_empty and any(module.has_content() for module in modules):
            return
        with transaction.atomic():
            for module in modules:
                module.load()
        self.stdout.write("Demo content loaded.")
