import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first admin user unless one exists. Takes DJANGO_SUPERUSER_"
        "USERNAME, _PASSWORD and _EMAIL from the environment; prints a generated "
        "password once."
    )

    def handle(self, **options):
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        given_password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        password = given_password or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username,
            email=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""),
            password=password,
        )
        if given_password:
            self.stdout.write(f"Admin user {username!r} created.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Admin user created: {username} / {password}")
                + "\nThis password is shown only once: write it down or change it."
            )
