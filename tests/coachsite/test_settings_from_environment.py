"""The settings module is read once per process, so each case runs its own."""

import json
import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "SECRET_KEY": "k7#vQ2!pZr9@xL4m$Wn8^bT1&yHc6*eUa3(sJf5)dGi0-oRq+Vw2%Zt",
    "ALLOWED_HOSTS": "coach.example.nl",
    "LOCAL_MEMORY_CACHE": "1",
}


def run_python(code, **env):
    """Run `code` in a fresh interpreter with only `env` (plus PATH) set."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "coachsite.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env):
    names = [
        "DEBUG", "DATABASES", "CACHES", "TASKS", "EMAIL_BACKEND", "EMAIL_PORT",
        "EMAIL_USE_TLS", "SITE_URL", "ADMIN_PATH", "ALLOWED_HOSTS",
        "SECURE_SSL_REDIRECT", "TRUSTED_PROXIES",
    ]  # fmt: skip
    code = (
        "import json; from django.conf import settings; print(json.dumps("
        f"{{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def manage(*args, **env):
    return run_python(
        f"import sys; from django.core.management import execute_from_command_line; "
        f"execute_from_command_line(['manage.py', *{list(args)!r}])",
        **env,
    )


def test_without_debug_it_refuses_to_start_without_a_secret_key():
    result = run_python(
        "import django; django.setup()", ALLOWED_HOSTS="coach.example.nl"
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_without_debug_it_refuses_to_start_without_allowed_hosts():
    result = run_python(
        "import django; django.setup()", SECRET_KEY=PRODUCTION["SECRET_KEY"]
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_without_debug_it_refuses_a_cache_of_its_own_per_process_unless_told():
    """Several web processes would each serve pages the others have emptied."""
    shared = {
        key: value for key, value in PRODUCTION.items() if key != "LOCAL_MEMORY_CACHE"
    }

    result = run_python("import django; django.setup()", **shared)

    assert result.returncode != 0
    assert "Set REDIS_URL" in result.stderr
    told = run_python("import django; django.setup()", **PRODUCTION)
    assert told.returncode == 0, told.stderr


def test_trusted_proxies_take_addresses_and_cidr_ranges_and_refuse_nonsense():
    values = settings_with(**PRODUCTION, TRUSTED_PROXIES="10.0.0.1, 10.1.0.0/16,::1")
    refused = run_python(
        "import django; django.setup()", **PRODUCTION, TRUSTED_PROXIES="10.0.0/8"
    )

    assert values["TRUSTED_PROXIES"] == ["10.0.0.1", "10.1.0.0/16", "::1"]
    assert "TRUSTED_PROXIES" in refused.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_redirects_to_https_behind_the_proxy():
    values = settings_with(**PRODUCTION)

    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True


def test_unset_means_the_embedded_defaults():
    values = settings_with(DJANGO_DEBUG="1")

    assert values["DEBUG"] is True
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert (
        "journal_mode=WAL" in values["DATABASES"]["default"]["OPTIONS"]["init_command"]
    )
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert values["SITE_URL"] == "http://localhost:8000"
    assert values["ADMIN_PATH"] == "admin/"
    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]


def test_services_come_from_the_environment():
    values = settings_with(
        **PRODUCTION,
        DATABASE_URL="postgres://coach:secret@db.internal:5432/coachsite",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_HOST="smtp.example.nl",
        EMAIL_USE_TLS="true",
        SITE_URL="https://coach.example.nl/",
        ADMIN_PATH="/beheer",
    )

    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["NAME"], database["USER"]) == (
        "db.internal", "coachsite", "coach",
    )  # fmt: skip
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert values["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (587, True)
    assert values["SITE_URL"] == "https://coach.example.nl"
    assert values["ADMIN_PATH"] == "beheer/"
    assert values["ALLOWED_HOSTS"] == ["coach.example.nl"]


def test_media_go_to_object_storage_when_a_bucket_is_named():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "from django.core.files.storage import default_storage as s; print(json.dumps("
        "[s.url('blog/hart-800x600.jpg'), settings.SERVE_MEDIA, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))"
    )
    result = run_python(
        code,
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="coach-media",
        AWS_S3_ENDPOINT_URL="https://s3.nl-ams.example.com/",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
    )

    assert result.returncode == 0, result.stderr
    url, serve_media, img_src = json.loads(result.stdout)
    assert (
        url == "https://s3.nl-ams.example.com/coach-media/media/blog/hart-800x600.jpg"
    )
    assert serve_media is False
    assert "https://s3.nl-ams.example.com" in img_src
