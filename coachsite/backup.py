"""Backups: the database and the uploaded files in one .tar.gz, and back again.

The database is kept in its own native form: a pg_dump archive for PostgreSQL (which
restores sequences, constraints and indexes exactly), or a consistent copy made with
SQLite's online backup API. Media are read through the storage, so a site on object
storage is backed up the same way. `manage.py backup` / `restore` call these.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from core.models import SiteProfile
from core.versions import everything_changed
from newsletter.models import Campaign, Delivery

FORMAT = 1
OWNER_ONLY = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
MANIFEST = "manifest.json"
DUMP_NAMES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
SITE_APPS = ("core", "coachsite", "blog", "newsletter", "booking", "reviews")


class BackupError(Exception):
    """Something the person running the command must know and can put right."""


def create(path) -> dict:
    """Write a backup of the database and the media to `path`; return its manifest."""
    vendor = supported_vendor()
    files = sorted(media_files())
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": vendor,
        "media_files": len(files),
        "migrations": MigrationRecorder(connection).migration_qs.count(),
    }
    # Written beside its place and renamed when complete, so that a backup which
    # failed half-way never lies under the name of a good one.
    partial = Path(f"{path}.partial")
    try:
        with tempfile.TemporaryDirectory() as workdir:
            dump = Path(workdir) / DUMP_NAMES[vendor]
            DUMPERS[vendor](dump)
            # Readable by its owner only: it holds every person's data.
            with (
                open(os.open(partial, OWNER_ONLY, 0o600), "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz") as archive,
            ):
                add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
                archive.add(dump, arcname=dump.name)
                for name in files:
                    with default_storage.open(name) as file:
                        info = tarfile.TarInfo(f"media/{name}")
                        info.size = default_storage.size(name)
                        archive.addfile(info, file)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(path)
    return manifest


def restore(path, *, replace=False) -> dict:
    """Bring back the database and the media from a backup at `path`.

    Refuses to overwrite a site that holds content unless `replace` is set. Every
    member of the archive and the storage are checked before anything changes;
    afterwards, work the backup had pending that is already due is called off, as
    a live site has done it since (nothing is sent twice).
    """
    vendor = supported_vendor()
    restored_at = timezone.now()
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        check_members(archive, vendor)
        check_storage()
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup holds a {manifest['database']} database; this site runs "
                f"on {vendor}. Restore it into a site of the same kind."
            )
        if holds_content() and not replace:
            raise BackupError(
                "This database already holds a site. Restore into an empty database, "
                "or pass --replace to overwrite it."
            )
        with tempfile.TemporaryDirectory() as workdir:
            dump = Path(workdir) / DUMP_NAMES[vendor]
            with (
                archive.extractfile(DUMP_NAMES[vendor]) as source,
                dump.open("wb") as f,
            ):
                shutil.copyfileobj(source, f)
            RESTORERS[vendor](dump)
        for member in archive.getmembers():
            if member.name.startswith("media/"):
                restore_media_file(archive, member)
    call_command("migrate", verbosity=0)  # a backup from an older release catches up
    manifest["called_off"] = call_off_pending_work(restored_at)
    everything_changed()
    SiteProfile.clear_cache()
    return manifest


def check_members(archive, vendor):
    """Only what a backup holds, as plain files: a name that climbs out of the
    media folder (`..`, absolute), a link or a device stops the restore here,
    before the database is touched."""
    for member in archive.getmembers():
        if not is_expected(member, vendor):
            raise BackupError(
                f"This backup holds {member.name!r}, which no coachsite backup "
                "holds. Nothing was restored."
            )


def is_expected(member, vendor):
    if member.name in (MANIFEST, DUMP_NAMES[vendor]):
        return member.isfile()
    name = PurePosixPath(member.name)
    return (
        name.parts[:1] == ("media",)
        and ".." not in name.parts
        and (member.isfile() or member.isdir())
    )


def check_storage():
    """Whether uploaded files can be written, before the database is replaced."""
    try:
        probe = default_storage.save(
            "restore-check.txt", ContentFile(b"coachsite restore check")
        )
        default_storage.delete(probe)
    except Exception as error:
        raise BackupError(
            f"Uploaded files cannot be written ({error}). Nothing was restored."
        ) from error


def call_off_pending_work(restored_at) -> dict:
    """Work the backup held as pending that was due before now: a live site has
    done it since the backup was made, so it is not done again. Later work (the
    reminders of sessions to come) stays planned."""
    tasks = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    ).filter(Q(run_after__lte=restored_at) | Q(run_after=get_date_max()))
    deliveries = Delivery.objects.filter(
        status__in=[Delivery.Status.QUEUED, Delivery.Status.SENDING]
    )
    called_off = {
        "tasks": tasks.update(status=TaskResultStatus.FAILED, finished_at=restored_at),
        "deliveries": deliveries.update(
            status=Delivery.Status.SKIPPED,
            last_error="Restored from a backup: not sent again.",
        ),
    }
    Campaign.objects.filter(status=Campaign.Status.SENDING).update(
        status=Campaign.Status.SENT, finished_at=restored_at
    )
    return called_off


def supported_vendor():
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}."
        )
    return connection.vendor


def media_files(folder=""):
    """Every stored file's name, walking the storage (a folder or a bucket)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield str(PurePosixPath(folder, name))
    for sub in folders:
        yield from media_files(str(PurePosixPath(folder, sub)))


def holds_content():
    """Whether anyone or anything was saved here (migrating alone saves nothing)."""
    tables = set(connection.introspection.table_names())
    models = [get_user_model()]
    for label in SITE_APPS:
        models.extend(apps.get_app_config(label).get_models())
    return any(
        model._meta.db_table in tables and model._base_manager.exists()
        for model in models
    )


def add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def read_manifest(archive):
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError("This file is not a coachsite backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            "This backup was made by a version of coachsite this one cannot read."
        )
    return manifest


def restore_media_file(archive, member):
    if not member.isfile():
        return
    name = member.name.removeprefix("media/")
    if default_storage.exists(name):
        default_storage.delete(name)
    with archive.extractfile(member) as source:
        stored = default_storage.save(name, File(source, name=name))
    if stored != name:
        raise BackupError(f"Could not restore {name} under its own name.")


# PostgreSQL: pg_dump and pg_restore, with the connection's own settings.


def postgresql_command(program, *args):
    settings_dict = connection.settings_dict
    _, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    name = settings_dict["NAME"]
    command = [program, *args, f"--dbname={name}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command.append(f"{option}={settings_dict[key]}")
    try:
        subprocess.run(
            command,
            env={**os.environ, **(env or {})},
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{program} failed: {error.stderr.strip()}") from error


def dump_postgresql(path):
    postgresql_command(
        "pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"
    )


def restore_postgresql(path):
    connection.close()
    postgresql_command(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
        "--single-transaction", str(path),
    )  # fmt: skip


# SQLite: the online backup API copies a consistent state, also while others write.


def dump_sqlite(path):
    copy(connection.settings_dict["NAME"], path)


def restore_sqlite(path):
    connection.close()
    copy(path, connection.settings_dict["NAME"])


def copy(source_path, target_path):
    # Connections of their own: the copy sees committed data only, whatever
    # transaction Django's connection is in.
    source = sqlite3.connect(source_path, timeout=60)
    target = sqlite3.connect(target_path, timeout=60)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


DUMPERS = {"postgresql": dump_postgresql, "sqlite": dump_sqlite}
RESTORERS = {"postgresql": restore_postgresql, "sqlite": restore_sqlite}
