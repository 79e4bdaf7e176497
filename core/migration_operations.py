"""Operations for migrations that move a model from one app to another."""

from django.db import migrations


def move_content_type(model, *, old_app, new_app):
    """Keep a moved model's permissions and admin history, which hang on its
    content type: the old one takes the new app's label (and back, on reverse)."""

    def relabel(from_app, to_app):
        def run(apps, schema_editor):
            content_type = apps.get_model("contenttypes", "ContentType")
            if not content_type.objects.filter(app_label=to_app, model=model).exists():
                content_type.objects.filter(app_label=from_app, model=model).update(
                    app_label=to_app
                )

        return run

    return migrations.RunPython(relabel(old_app, new_app), relabel(new_app, old_app))
