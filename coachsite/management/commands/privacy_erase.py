from django.core.management.base import BaseCommand, CommandError

from coachsite import privacy


class Command(BaseCommand):
    help = (
        "Forget one e-mail address (AVG/GDPR): delete its comments, reviews and "
        "subscription; keep of its bookings only the date, kind and name."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="do not ask for confirmation",
        )  # fmt: skip

    def handle(self, email, interactive=True, **options):
        if interactive:
            answer = input(f"Erase everything about {email}? This cannot be undone. "
                           "Type 'yes' to go on: ")  # fmt: skip
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was erased.")
        for what, count in privacy.erase(email).items():
            self.stdout.write(f"{count} {what}")
