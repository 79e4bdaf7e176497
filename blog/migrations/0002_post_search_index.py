"""A GIN index for Dutch full-text search, on PostgreSQL only (SQLite has no such index)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def search_index():
    # Replaced by the stored search_document column in 0008.
    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("excerpt", weight="B", config="dutch")
        + SearchVector("body", weight="C", config="dutch")
    )
    return GinIndex(vector, name="blog_post_search_idx")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("blog", "Post"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("blog", "Post"), search_index())


class Migration(migrations.Migration):
    dependencies = [("blog", "0001_initial")]

    operations = [migrations.RunPython(add_index, remove_index)]
