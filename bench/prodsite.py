"""A throwaway coachsite on production settings, for `make bench` and `make audit`.

DEBUG off, compressed and hashed static files, the demo content, served by gunicorn
with 2 workers on a free loopback port.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


def environment(workdir, *, database_url=None, redis_url=None, **extra):
    """The environment of a production site whose files live in `workdir`."""
    env = {
        **os.environ,
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "https://localhost",
        "MEDIA_ROOT": str(workdir / "media"),
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'site.sqlite3'}",
        **extra,
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:  # what a single-server site may choose; gunicorn's workers each keep one
        env["LOCAL_MEMORY_CACHE"] = "1"
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def fresh_postgresql_database(url):
    """Drop and create the database named in `url` (it is the site's own)."""
    drop_postgresql_database(url, create=True)


def drop_postgresql_database(url, *, create=False):
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    server = urlsplit(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare_site(env):
    print("Preparing a site with the demo content ...", flush=True)
    if env["DATABASE_URL"].startswith("postgres"):
        fresh_postgresql_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--noinput")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


@contextlib.contextmanager
def gunicorn(env):
    """Serve the site with 2 workers; yields its base URL, stops it afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "coachsite.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=BASE_DIR, env=env,
    )  # fmt: skip
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_for(f"{base_url}/healthz")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
