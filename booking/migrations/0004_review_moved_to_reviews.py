# Reviews now belong to the reviews app (its migration 0001 took the table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('booking', '0003_reviews'),
        ('reviews', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Review')],
        ),
    ]
