# The site profile now belongs to the core app (its migration 0001 took the table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('coachsite', '0003_siteprofile_photo_alt'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='SiteProfile')],
        ),
    ]
