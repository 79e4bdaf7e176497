# The coach defines the session cards on sale, sees what clients bought with
# every line of their ledgers, and refunds through the admin's actions.

from django.db import migrations

from core.migration_operations import grant_to_coach


class Migration(migrations.Migration):

    dependencies = [
        ("prepaid", "0001_initial"),
        ("coachsite", "0005_coach_group"),
    ]

    operations = [
        grant_to_coach(
            "prepaid.add_package",
            "prepaid.change_package",
            "prepaid.view_package",
            "prepaid.view_sessioncard",
            "prepaid.change_sessioncard",
            "prepaid.view_giftvoucher",
            "prepaid.change_giftvoucher",
            "prepaid.add_giftvoucher",
        )
    ]
