# The coach may issue a session card herself (paid in cash, or as a gift).

from django.db import migrations

from core.migration_operations import grant_to_coach


class Migration(migrations.Migration):

    dependencies = [
        ("prepaid", "0002_coach_permissions"),
    ]

    operations = [grant_to_coach("prepaid.add_sessioncard")]
