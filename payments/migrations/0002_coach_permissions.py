# The coach sees every payment, refund and invoice, and may refund (through Mollie;
# nothing else about a payment is edited by hand).

from django.db import migrations

from core.migration_operations import grant_to_coach


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0001_initial"),
        ("coachsite", "0005_coach_group"),
    ]

    operations = [
        grant_to_coach(
            "payments.view_payment",
            "payments.view_refund",
            "payments.view_invoice",
            "payments.refund_payment",
        )
    ]
