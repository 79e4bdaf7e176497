from django.core.management.base import BaseCommand, CommandError

from coachsite import backup


class Command(BaseCommand):
    help = "Restore the database and the uploaded files from a backup archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a file made by manage.py backup")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds a site",
        )

    def handle(self, archive, replace=False, **options):
        try:
            manifest = backup.restore(archive, replace=replace)
        except (backup.BackupError, FileNotFoundError) as error:
            raise CommandError(error) from error
        called_off = manifest["called_off"]
        self.stdout.write(
            f"Restored the database and {manifest['media_files']} files "
            f"from the backup of {manifest['created_at']}. Called off what was "
            f"due before now (done since, or too late): {called_off['tasks']} "
            f"tasks, {called_off['deliveries']} newsletter messages."
        )
