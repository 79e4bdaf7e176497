"""Stop PostgreSQL while visitors read, comment and book, then start it again.

On a throwaway cluster of the test's own, on a spare port (never the shared server).
During the outage every page answers a friendly 503, never a 500; afterwards the
same gunicorn processes serve again by themselves; and every comment or booking the
site acknowledged is stored whole, while nothing half-written appears.
"""

import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.test import override_settings
from django.urls import reverse

from bench import prodsite
from tests.blog.comments import comment_form
from tests.booking.visitors import booking_data
from tests.http import send

pytestmark = pytest.mark.e2e


class Cluster:
    """A PostgreSQL cluster in a folder of its own; run as `postgres` when root."""

    def __init__(self, root, bindir):
        self.bin = bindir
        self.root = root
        self.data = root / "data"
        self.port = prodsite.free_port()
        self.owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/coachsite"

    def run(self, program, *args):
        subprocess.run(
            [*self.owner, str(self.bin / program), *args],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def create(self):
        self.run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres",
                 "--no-sync")  # fmt: skip

    def start(self):
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1"
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"),
                 "-o", f"{options} -c fsync=off", "--wait", "start")  # fmt: skip

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "--mode=fast", "--wait", "stop")


def server_programs():
    """The folder of the installed PostgreSQL server's initdb and pg_ctl."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if installed:
        return installed[-1].parent
    if pg_config := shutil.which("pg_config"):
        bindir = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=True
        ).stdout.strip()
        if (Path(bindir) / "initdb").exists():
            return Path(bindir)
    return pytest.fail(
        "No PostgreSQL server programs (Debian: apt-get install postgresql)"
    )


@pytest.fixture
def cluster():
    bindir = server_programs()
    root = Path(tempfile.mkdtemp(prefix="coachsite-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    cluster = Cluster(root, bindir)
    cluster.create()
    cluster.start()
    try:
        yield cluster
    finally:
        subprocess.run(
            [*cluster.owner, str(cluster.bin / "pg_ctl"), "-D", str(cluster.data),
             "--mode=immediate", "stop"], capture_output=True,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


class Visitors:
    """Threads that read pages and send comments and bookings, noting every answer."""

    def __init__(self, base_url, pages, post, session_type, starts):
        self.base_url = base_url
        self.pages = pages
        self.comment_url = reverse("blog:post_comment", kwargs={"slug": post})
        self.book_url = reverse("booking:book", args=[session_type])
        self.starts = starts
        self.phase = "before"
        self.answers = []  # (phase, kind, number, status, headers, body)
        self.stopped = threading.Event()
        self.numbers = itertools.count()
        self.threads = [threading.Thread(target=self.read) for _ in range(2)]
        self.threads.append(threading.Thread(target=self.write))

    def request(self, kind, method, path, number=0, form=None):
        phase = self.phase
        address = f"10.9.{number // 250}.{number % 250 + 1}"
        answer = send(self.base_url, method, path, form=form,
                      headers={"X-Forwarded-For": address})  # fmt: skip
        self.answers.append(
            (phase, kind, number, answer.status, answer.headers, answer.text)
        )

    def read(self):
        for path in itertools.cycle(self.pages):
            if self.stopped.is_set():
                return
            self.request("page", "GET", path)

    def write(self):
        while not self.stopped.is_set() and self.starts:
            number = next(self.numbers)
            if number % 2:
                form = booking_data(
                    self.starts.pop(), email=f"klant{number}@example.com",
                    name=f"Klant {number}", place="online",
                )  # fmt: skip
                self.request("booking", "POST", self.book_url, number, form)
            else:
                form = comment_form(
                    name=f"Lezer {number}", email=f"lezer{number}@example.com",
                    body=f"Reactie {number}, tijdens de storingstest.",
                )  # fmt: skip
                self.request("comment", "POST", self.comment_url, number, form)
            time.sleep(0.05)

    @contextmanager
    def running(self):
        for thread in self.threads:
            thread.start()
        try:
            yield self
        finally:
            self.stopped.set()
            for thread in self.threads:
                thread.join(timeout=60)

    def statuses(self, phase=None, kind=None):
        return [
            answer[3]
            for answer in self.answers
            if phase in (None, answer[0]) and kind in (None, answer[1])
        ]

    def acknowledged(self, kind):
        return {answer[2] for answer in self.answers if answer[1] == kind
                and answer[3] == 302}  # fmt: skip


def get(base_url, path):
    answer = send(base_url, "GET", path)
    return answer.status, answer.text


def free_starts(base_url, session_type, wanted=150):
    """Free start times over the coming weeks, from the site's own JSON."""
    times = path = reverse("booking:free_times", args=[session_type])
    starts = []
    for _ in range(26):
        status, body = get(base_url, path)
        assert status == 200, (path, body[:300])
        week = json.loads(body)
        starts += [
            slot["start"]
            for day in week["days"]
            for slot in day["times"]
            # Two hours apart, so that no booking here takes another's time.
            if slot["start"].endswith(":00Z") and int(slot["start"][11:13]) % 2 == 0
        ]
        if len(starts) >= wanted or not week["next"]:
            break
        path = times + week["next"]  # "?from=...": the next week
    return starts


def test_the_site_rides_out_a_database_outage(cluster, tmp_path):
    env = prodsite.environment(
        tmp_path, database_url=cluster.url, PAGE_CACHE_SECONDS="0",
        SECURE_SSL_REDIRECT="0", TRUSTED_PROXIES="127.0.0.1",
    )  # fmt: skip
    prodsite.prepare_site(env)
    with psycopg.connect(cluster.url) as db:
        post = db.execute(
            "SELECT slug FROM blog_post WHERE status = 'published' LIMIT 1"
        ).fetchone()[0]
        session_type = db.execute(
            # A paid type: free ones are capped at a few a day per network.
            "SELECT slug FROM booking_sessiontype WHERE is_active AND price > 0 "
            "ORDER BY id LIMIT 1"
        ).fetchone()[0]

    with prodsite.gunicorn(env) as base_url:
        starts = free_starts(base_url, session_type)
        pages = ["/", "/blog/", f"/blog/{post}/", "/beoordelingen/"]
        visitors = Visitors(base_url, pages, post, session_type, starts)
        with override_settings(SECRET_KEY=env["SECRET_KEY"]), visitors.running():
            time.sleep(3)
            visitors.phase = "down"
            cluster.stop()
            time.sleep(5)
            cluster.start()
            visitors.phase = "recovering"
            deadline = time.monotonic() + 30
            while get(base_url, "/blog/")[0] != 200:
                assert time.monotonic() < deadline, "the site did not recover"
                time.sleep(0.2)
            visitors.phase = "after"
            time.sleep(3)

    # Never a 500; a friendly 503 while the database was away; all well after.
    assert set(visitors.statuses()) <= {200, 302, 503}
    assert 503 in visitors.statuses("down", "page")
    assert set(visitors.statuses("after")) <= {200, 302}
    for _phase, _kind, _number, status, headers, body in visitors.answers:
        if status == 503:
            assert headers["Retry-After"] == "30"
            assert "Zo weer terug" in body
    for kind in ("comment", "booking"):
        assert 302 in visitors.statuses("before", kind)
        assert 503 in visitors.statuses("down", kind)
        assert 302 in visitors.statuses("after", kind)

    # Whatever was acknowledged is stored, and stored whole; nothing else is.
    with psycopg.connect(cluster.url) as db:
        comments = db.execute(
            "SELECT name, email, body, post_id FROM blog_comment "
            "WHERE email LIKE 'lezer%@example.com'"
        ).fetchall()
        bookings = db.execute(
            "SELECT name, email, starts_at, ends_at, blocked_until, meeting_url "
            "FROM booking_booking WHERE email LIKE 'klant%@example.com'"
        ).fetchall()
    stored_comments = {int(email[5:].split("@")[0]) for _, email, _, _ in comments}
    stored_bookings = {int(row[1][5:].split("@")[0]) for row in bookings}
    assert visitors.acknowledged("comment") <= stored_comments
    assert visitors.acknowledged("booking") <= stored_bookings
    for name, email, body, post_id in comments:
        number = int(email[5:].split("@")[0])
        assert (name, body) == (
            f"Lezer {number}",
            f"Reactie {number}, tijdens de storingstest.",
        )
        assert post_id is not None
    for name, email, starts_at, ends_at, blocked_until, meeting_url in bookings:
        assert name == f"Klant {email[5:].split('@')[0]}"
        assert starts_at < ends_at <= blocked_until
        assert meeting_url
