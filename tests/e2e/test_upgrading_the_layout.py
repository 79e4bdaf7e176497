"""A site made before the floor plan of issue 14 (reviews inside the booking app,
the site profile inside the project package) migrates to the new layout with every
row in place: the demo content is loaded by the code of that time, then the
migrations of today run over it."""

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests import services
from tests.conftest import require_service

pytestmark = pytest.mark.e2e

# The last commit with the previous layout.
LAYOUT_BEFORE = "2d58537"
# What moved, at the old layout and at the new: (old label, new label).
MOVED = [
    ("booking.review", "reviews.review"),
    ("coachsite.siteprofile", "core.siteprofile"),
]
STAYED = ["booking.booking", "booking.sessiontype", "blog.post", "blog.comment"]
# A post's own featured image went into the media library (blog 0013).
INTO_THE_LIBRARY = {"featured_image": "file", "featured_image_alt": "alt_text"}


def checkout(commit, folder):
    """The project's files as they were at `commit`."""
    git = shutil.which("git")
    try:
        archive = subprocess.run(
            [git, "archive", "--format=tar", commit],
            cwd=settings.BASE_DIR,
            capture_output=True,
            check=True,
        ).stdout
    except (TypeError, subprocess.CalledProcessError):
        require_service(False, f"git and the project's history back to {commit}")
    with tarfile.open(fileobj=io.BytesIO(archive)) as files:
        files.extractall(folder, filter="data")
    return folder


def manage(code, env, *args):
    """`manage.py *args` of the project's code in the folder `code`."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env={**env, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout


def rows(code, env, *labels):
    """{label: {pk: fields}} as dumpdata writes them."""
    dumped = json.loads(manage(code, env, "dumpdata", *labels))
    found = {label: {} for label in labels}
    for row in dumped:
        found[row["model"]][row["pk"]] = row["fields"]
    return found


def fields_of(rows, earlier):
    """`rows` with only the fields `earlier` had (later releases add some)."""
    return {pk: {name: rows[pk][name] for name in earlier[pk]} for pk in rows}


@pytest.fixture
def postgresql_url():
    require_service(services.postgresql_available(), "PostgreSQL on 127.0.0.1:5432")
    name = f"coachsite_upgrade_{secrets.token_hex(4)}"
    server = "postgres://postgres@127.0.0.1:5432"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return request.getfixturevalue("postgresql_url")


def test_a_site_at_the_previous_layout_keeps_every_row(tmp_path, database_url):
    old_code = checkout(LAYOUT_BEFORE, tmp_path / "old")
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    manage(old_code, env, "migrate", "--noinput")
    manage(old_code, env, "load_demo_content")
    # A staff member who may moderate reviews keeps that right after the move.
    manage(
        old_code,
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import Permission, User; "
        "u = User.objects.create(username='assistent', is_staff=True); "
        "u.user_permissions.add(Permission.objects.get(codename='change_review'))",
    )
    old_labels = [old for old, _new in MOVED] + STAYED
    before = rows(old_code, env, *old_labels)

    new_code = Path(settings.BASE_DIR)
    manage(new_code, env, "migrate", "--noinput")

    new_labels = [new for _old, new in MOVED] + STAYED
    after = rows(new_code, env, *new_labels)
    library = rows(new_code, env, "core.image")["core.image"]
    for pk, post in before["blog.post"].items():
        image = library[after["blog.post"][pk]["image"]]
        for old_name, new_name in INTO_THE_LIBRARY.items():
            assert image[new_name] == post.pop(old_name)
    for old, new in MOVED:
        assert before[old], f"the old site had no {old} to move"
        assert fields_of(after[new], before[old]) == before[old]
    for label in STAYED:
        assert fields_of(after[label], before[label]) == before[label]
    invited = [b for b in after["booking.booking"].values() if b["review_invited_at"]]
    assert invited  # the invitations sent stay recorded on their bookings
    may_moderate = manage(
        new_code,
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth.models import User; "
        "print(User.objects.get(username='assistent')"
        ".has_perm('reviews.change_review'))",
    )
    assert may_moderate.strip() == "True"
