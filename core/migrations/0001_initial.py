# The site profile moved here from the coachsite app (issue 14): the same rows,
# in a table renamed after its new app, with its permissions.

import core.images
from django.db import migrations, models

from core.migration_operations import move_content_type


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('coachsite', '0003_siteprofile_photo_alt'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SiteProfile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('site_name', models.CharField(default='coachsite', max_length=80, verbose_name='site name')),
                        ('coach_name', models.CharField(blank=True, max_length=80, verbose_name="coach's name")),
                        ('tagline', models.CharField(blank=True, help_text='One sentence on how you help, shown under your name.', max_length=160, verbose_name='tagline')),
                        ('short_bio', models.TextField(blank=True, help_text='Two or three sentences for the home page and the author box.', verbose_name='short bio')),
                        ('photo', core.images.ResponsiveImageField(blank=True, upload_to='site/', verbose_name='photo')),
                        ('photo_alt', models.CharField(blank=True, help_text='For screen readers. Empty means “Photo of” and your name.', max_length=200, verbose_name='description of the photo')),
                        ('contact_email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                        ('phone', models.CharField(blank=True, max_length=30, verbose_name='phone')),
                        ('facebook_url', models.URLField(blank=True, verbose_name='Facebook')),
                        ('instagram_url', models.URLField(blank=True, verbose_name='Instagram')),
                        ('linkedin_url', models.URLField(blank=True, verbose_name='LinkedIn')),
                        ('youtube_url', models.URLField(blank=True, verbose_name='YouTube')),
                        ('x_url', models.URLField(blank=True, verbose_name='X (Twitter)')),
                        ('default_meta_description', models.CharField(blank=True, help_text='Shown by search engines under the title. Aim for 120 to 155 characters.', max_length=160, verbose_name='default meta description')),
                    ],
                    options={
                        'verbose_name': 'site profile',
                        'db_table': 'coachsite_siteprofile',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='siteprofile', table=None),
        move_content_type('siteprofile', old_app='coachsite', new_app='core'),
    ]
