# Featured images move into the media library (core.Image): each stored file
# becomes one library image, described by the post's alternative text; then the
# post's own image fields go. The coach keeps the library.

import django.db.models.deletion
from django.db import migrations, models

from core.migration_operations import grant_to_coach


def into_the_library(apps, schema_editor):
    Image = apps.get_model("core", "Image")
    Post = apps.get_model("blog", "Post")
    library = {}
    for post in Post.objects.exclude(featured_image=""):
        name = post.featured_image.name
        if name not in library:
            library[name] = Image.objects.create(
                file=name,
                title=post.title,
                alt_text=post.featured_image_alt or post.title,
            )
        post.image = library[name]
        post.save(update_fields=["image"])


def out_of_the_library(apps, schema_editor):
    Post = apps.get_model("blog", "Post")
    for post in Post.objects.exclude(image=None).select_related("image"):
        post.featured_image = post.image.file.name
        post.featured_image_alt = post.image.alt_text
        post.save(update_fields=["featured_image", "featured_image_alt"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0012_post_translation_of"),
        ("core", "0006_image_library"),
        ("coachsite", "0005_coach_group"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpost",
            name="image",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="From the image library, or a new one uploaded with “+”.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="core.image",
                verbose_name="featured image",
            ),
        ),
        migrations.AddField(
            model_name="post",
            name="image",
            field=models.ForeignKey(
                blank=True,
                help_text="From the image library, or a new one uploaded with “+”.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="posts",
                to="core.image",
                verbose_name="featured image",
            ),
        ),
        migrations.RunPython(into_the_library, out_of_the_library),
        # The library is hers.
        grant_to_coach(
            *(f"core.{action}_image" for action in ("view", "add", "change", "delete"))
        ),
        migrations.RemoveField(
            model_name="historicalpost",
            name="featured_image",
        ),
        migrations.RemoveField(
            model_name="historicalpost",
            name="featured_image_alt",
        ),
        migrations.RemoveField(
            model_name="post",
            name="featured_image",
        ),
        migrations.RemoveField(
            model_name="post",
            name="featured_image_alt",
        ),
    ]
