# The coach sees every payment, refund and invoice, and may refund (through Mollie;
# nothing else about a payment is edited by hand).

from django.contrib.auth.management import create_permissions
from django.db import migrations

COACH = [
    "payments.view_payment",
    "payments.view_refund",
    "payments.view_invoice",
    "payments.refund_payment",
]


def extend_coach_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group = apps.get_model("auth", "Group").objects.filter(name="Coach").first()
    if group is None:
        return
    permission_model = apps.get_model("auth", "Permission")
    for label in COACH:
        app_label, codename = label.split(".")
        group.permissions.add(
            permission_model.objects.get(
                content_type__app_label=app_label, codename=codename
            )
        )


class Migration(migrations.Migration):

    dependencies = [
        ("payments", "0001_initial"),
        ("coachsite", "0005_coach_group"),
    ]

    operations = [migrations.RunPython(extend_coach_group, migrations.RunPython.noop)]
