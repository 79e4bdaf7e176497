# Reviews moved here from the booking app (issue 14): the same rows, in a table
# renamed after their new app, with their permissions.

import django.db.models.deletion
from django.db import migrations, models

from core.migration_operations import move_content_type


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('booking', '0003_reviews'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Review',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('rating', models.PositiveSmallIntegerField(choices=[(1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5')], verbose_name='stars')),
                        ('text', models.TextField(verbose_name='review')),
                        ('display_name', models.CharField(help_text='For example: Anouk V.', max_length=60, verbose_name='name shown')),
                        ('status', models.CharField(choices=[('pending', 'Awaiting approval'), ('published', 'Published'), ('hidden', 'Hidden')], default='pending', max_length=10, verbose_name='status')),
                        ('verified', models.BooleanField(default=False, editable=False, help_text='Written through the link after a booked session.', verbose_name='verified client')),
                        ('source', models.CharField(blank=True, help_text='Where a review from elsewhere was given, e.g. Google.', max_length=100, verbose_name='source')),
                        ('session_month', models.DateField(blank=True, help_text='Of the session; for a review from elsewhere, when it was given.', null=True, verbose_name='month')),
                        ('reply', models.TextField(blank=True, verbose_name='your public reply')),
                        ('language', models.CharField(default='nl', max_length=7, verbose_name='language')),
                        ('consent_at', models.DateTimeField(null=True, verbose_name='consent to publish given at')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written at')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='published at')),
                        ('booking', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='review', to='booking.booking', verbose_name='booking')),
                    ],
                    options={
                        'verbose_name': 'review',
                        'verbose_name_plural': 'reviews',
                        'ordering': ['-created_at'],
                        'db_table': 'booking_review',
                        'constraints': [models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='booking_review_one_to_five_stars')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='review', table=None),
        migrations.RemoveConstraint(model_name='review', name='booking_review_one_to_five_stars'),
        migrations.AddConstraint(
            model_name='review',
            constraint=models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='reviews_review_one_to_five_stars'),
        ),
        move_content_type('review', old_app='booking', new_app='reviews'),
    ]
