"""Everything a site holds, as plain data: every model's rows and every stored file.

`python -m tests.snapshot` prints it as JSON for the site its environment configures,
so a test can compare a restored site in another process with the original.
"""

import hashlib
import json


def snapshot():
    from django.apps import apps
    from django.core.files.storage import default_storage

    from coachsite.backup import media_files

    rows = {}
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue  # no table of its own
        fields = [field.attname for field in model._meta.concrete_fields]
        rows[model._meta.label] = [
            [str(value) for value in row]
            for row in model._base_manager.order_by("pk").values_list(*fields)
        ]
    files = {}
    for name in media_files():
        with default_storage.open(name) as file:
            files[name] = hashlib.sha256(file.read()).hexdigest()
    return {"rows": rows, "files": files}


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(snapshot()))
