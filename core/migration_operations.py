"""Operations for migrations: models moved between apps, the coach's permissions."""

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


def add_permissions(apps, group, labels):
    """Give `group` the permissions "app.codename" in `labels`, made first if need
    be (Django makes permissions only after all migrations have run)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    permission_model = apps.get_model("auth", "Permission")
    for label in labels:
        app_label, codename = label.split(".")
        group.permissions.add(
            permission_model.objects.get(
                content_type__app_label=app_label, codename=codename
            )
        )


def grant_to_coach(*labels):
    """A later app's work for the coach: its permissions join the "Coach" group."""

    def grant(apps, schema_editor):
        group = apps.get_model("auth", "Group").objects.filter(name="Coach").first()
        if group is not None:
            add_permissions(apps, group, labels)

    return migrations.RunPython(grant, migrations.RunPython.noop)
