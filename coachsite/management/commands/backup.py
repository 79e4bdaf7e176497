from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coachsite import backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write it (default: coachsite-backup-<date>.tar.gz here)",
        )

    def handle(self, archive=None, **options):
        path = archive or f"coachsite-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup.create(path)
        except backup.BackupError as error:
            raise CommandError(error) from error
        self.stdout.write(
            f"Backed up the {manifest['database']} database and "
            f"{manifest['media_files']} files to {path}"
        )
