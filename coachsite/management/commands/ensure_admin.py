import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create the coach's admin account unless there is one: staff, in the Coach "
        "group (not a superuser). Takes DJANGO_SUPERUSER_USERNAME, _PASSWORD and "
        "_EMAIL from the environment; prints a generated password once."
    )

    @transaction.atomic
    def handle(self, **options):
        # Made by coachsite's migration 0005: what the coach may do, nothing more.
        coaches = Group.objects.get(name="Coach")
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists() or coaches.user_set.exists():
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME") or "admin"
        given_password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        password = given_password or secrets.token_urlsafe(12)
        coach = users.create_user(
            username=username,
            email=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""),
            password=password,
            is_staff=True,
        )
        coach.groups.add(coaches)
        if given_password:
            self.stdout.write(f"Admin user {username!r} created.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Admin user created: {username} / {password}")
                + "\nThis password is shown only once: write it down or change it."
            )
