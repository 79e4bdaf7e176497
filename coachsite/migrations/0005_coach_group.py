# The "Coach" group: exactly what the coach needs for her work, and nothing
# technical (tasks, queues, logins, users stay with superusers). ensure_admin makes
# the coach a member. A later app that adds work for her extends it in a migration
# (core.migration_operations.grant_to_coach).

from django.db import migrations

from core.migration_operations import add_permissions

EVERYTHING = ("view", "add", "change", "delete")
COACH = [
    *(f"blog.{action}_{model}" for model in ("post", "category", "tag", "authorprofile") for action in EVERYTHING),
    "blog.publish_post",
    "blog.view_comment", "blog.change_comment", "blog.delete_comment",
    *(f"coachsite.{action}_page" for action in EVERYTHING),
    "core.view_siteprofile", "core.change_siteprofile",
    *(f"newsletter.{action}_{model}" for model in ("subscriber", "campaign") for action in EVERYTHING),
    "newsletter.send_campaign", "newsletter.view_delivery",
    *(f"booking.{action}_{model}" for model in ("sessiontype", "openinghours", "extrahours", "timeoff", "booking", "calendarfeed") for action in EVERYTHING),
    "booking.view_intake",
    *(f"reviews.{action}_review" for action in EVERYTHING),
    # Her own two-factor devices only: the admin shows nobody else's.
    *(f"otp_totp.{action}_totpdevice" for action in EVERYTHING),
    *(f"otp_static.{action}_staticdevice" for action in EVERYTHING),
]


def create_coach_group(apps, schema_editor):
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="Coach")
    add_permissions(apps, group, COACH)


def remove_coach_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Coach").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('coachsite', '0004_siteprofile_moved_to_core'),
        ('core', '0001_initial'),
        ('blog', '0006_post_publish_permission'),
        ('newsletter', '0002_campaign_send_permission'),
        ('booking', '0004_review_moved_to_reviews'),
        ('reviews', '0001_initial'),
        ('otp_totp', '0003_add_timestamps'),
        ('otp_static', '0003_add_timestamps'),
    ]

    operations = [migrations.RunPython(create_coach_group, remove_coach_group)]
