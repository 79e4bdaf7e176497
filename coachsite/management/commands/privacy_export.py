import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from coachsite import privacy


class Command(BaseCommand):
    help = "Print everything stored about one e-mail address as JSON (AVG/GDPR)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, email, **options):
        data = privacy.personal_data(email)
        self.stdout.write(json.dumps(data, cls=DjangoJSONEncoder, indent=2))
