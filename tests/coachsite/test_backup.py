"""manage.py backup and restore: a restored site holds every row and every file."""

import io
import json
import os
import subprocess
import sys
import tarfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from bench import prodsite
from blog.models import Comment
from coachsite import backup
from newsletter.models import Campaign, Delivery
from tests.blog.factories import published_post
from tests.coachsite.tasks import do_nothing
from tests.newsletter.factories import CampaignFactory, SubscriberFactory
from tests.snapshot import snapshot


def run(*args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def empty_database(shared_database_url, tmp_path):
    """The URL of an empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    url = urlsplit(shared_database_url)
    restored = url._replace(path=f"{url.path}_restored").geturl()
    prodsite.fresh_postgresql_database(restored)
    yield restored
    prodsite.drop_postgresql_database(restored)


@pytest.fixture
def site_with_everything(transactional_db, demo_content):
    """The demo site (posts with images, comments, subscribers, bookings, reviews)."""
    assert Comment.objects.exists()


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(
    site_with_everything, empty_database, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    original = snapshot()
    assert original["files"]  # the demo posts' images and their renditions

    env = {"DATABASE_URL": empty_database, "MEDIA_ROOT": str(tmp_path / "restored")}
    restored = run("manage.py", "restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Restored the database" in restored.stdout
    result = run("-m", "tests.snapshot", env=env)
    assert result.returncode == 0, result.stderr

    copy = json.loads(result.stdout)
    assert copy["files"] == original["files"]
    assert copy["rows"].keys() == original["rows"].keys()
    for model, rows in original["rows"].items():
        assert copy["rows"][model] == rows, model


def test_restore_will_not_overwrite_a_site_unless_asked(site_with_everything, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    with pytest.raises(CommandError, match="already holds a site"):
        call_command("restore", str(archive))


def test_a_file_that_is_not_a_backup_is_refused_plainly(db, tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(__file__, arcname="notes.py")

    with pytest.raises(CommandError, match="not a coachsite backup"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def test_a_backup_of_one_database_kind_is_not_restored_into_another(db, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    manifest["database"] = other
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name == "manifest.json":
                payload = json.dumps(manifest).encode()
                member.size = len(payload)
                data = io.BytesIO(payload)
            target.addfile(member, data)

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(forged))


def test_a_failed_backup_leaves_no_file_behind(db, tmp_path, monkeypatch):
    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup, "add_bytes", disk_full)  # with the archive open

    with pytest.raises(OSError, match="No space left"):
        backup.create(tmp_path / "backup.tar.gz")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_is_readable_by_its_owner_only(db, tmp_path):
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", str(archive), stdout=io.StringIO())

    assert archive.stat().st_mode & 0o777 == 0o600


def archive_with(tmp_path, extra):
    """A real backup of this site, with `extra` (a TarInfo, its bytes) added."""
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        info, data = extra
        target.addfile(info, io.BytesIO(data) if data else None)
    return forged


def climbing(name):
    info = tarfile.TarInfo(name)
    info.size = 4
    return info, b"evil"


def linking(name):
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, "/etc/passwd"
    return info, None


@pytest.mark.parametrize(
    "extra",
    [
        climbing("media/../../settings.py"),
        climbing("/etc/cron.d/coachsite"),
        climbing("elsewhere.txt"),
        linking("media/wachtwoorden"),
    ],
    ids=["dot-dot", "absolute", "unknown", "link"],
)
def test_a_tampered_archive_is_refused_before_anything_changes(
    site_with_comment, tmp_path, extra
):
    forged = archive_with(tmp_path, extra)
    Comment.objects.create(post=site_with_comment, name="Na", email="n@example.com",
                           body="Geschreven na de backup.")  # fmt: skip
    before = snapshot()

    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(forged), "--replace")

    assert snapshot() == before


def test_storage_that_cannot_be_written_is_refused_before_anything_changes(
    site_with_comment, tmp_path, monkeypatch
):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    before = snapshot()

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(default_storage, "save", read_only)

    with pytest.raises(CommandError, match=r"cannot be written.*Nothing was restored"):
        call_command("restore", str(archive), "--replace")
    assert snapshot() == before


@pytest.fixture
def site_with_comment(transactional_db):
    post = published_post()
    Comment.objects.create(post=post, name="Voor", email="v@example.com", body="Hoi.")
    return post


def test_work_that_was_due_before_the_restore_is_not_done_again(
    transactional_db, worker, empty_database, tmp_path
):
    due = do_nothing.enqueue()
    later = do_nothing.using(run_after=timezone.now() + timedelta(days=3)).enqueue()
    campaign = CampaignFactory(status=Campaign.Status.SENDING)
    for subscriber in SubscriberFactory.create_batch(3):
        Delivery.objects.create(
            campaign=campaign, subscriber=subscriber, message_id="<x>"
        )
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    env = {"DATABASE_URL": empty_database, "MEDIA_ROOT": str(tmp_path / "restored")}
    restored = run("manage.py", "restore", str(archive), env=env)
    states = run(
        "manage.py", "shell", "--no-imports", "-c",
        "import json; from django_tasks_db.models import DBTaskResult; "
        "from newsletter.models import Campaign, Delivery; print(json.dumps(["
        "{str(pk): status for pk, status in "
        "DBTaskResult.objects.values_list('id', 'status')}, "
        "sorted(set(Delivery.objects.values_list('status', flat=True))), "
        "Campaign.objects.get().status]))",
        env=env,
    )  # fmt: skip

    assert restored.returncode == 0, restored.stderr
    assert states.returncode == 0, states.stderr
    assert "1 tasks, 3 newsletter messages" in restored.stdout
    tasks, deliveries, status = json.loads(states.stdout)
    assert tasks == {str(due.id): "FAILED", str(later.id): "READY"}
    assert deliveries == ["skipped"]
    assert status == "sent"
