# Links in e-mails carry a random key instead of the row's id. Each existing row
# gets its own (a default would give them all the same one).

import uuid

from django.db import migrations, models


def give_keys(apps, schema_editor):
    model = apps.get_model("newsletter", "subscriber")
    for row in model.objects.filter(key=None).only("pk"):
        model.objects.filter(pk=row.pk).update(key=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("newsletter", "0002_campaign_send_permission"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscriber",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
