"""`make bench`: how fast coachsite is, on each database and cache it supports.

For each configuration (SQLite with the local-memory cache, PostgreSQL, PostgreSQL
with Redis) it sets up a throwaway site with the demo content on production
settings (bench/prodsite.py) and measures:

- in-process, with Django's test client, the median time of 200 requests for each
  public page: cold (every kind of content changed before each request), without
  the page cache (as the coach and the never-cached pages meet it) and cached,
  with the SQL queries of a cold and a warm request;
- through gunicorn with 2 workers, requests per second, p50/p99 latency and errors
  from wrk on loopback at 4 and 32 connections, asking for gzip as browsers do;
  the post page also with the page cache switched off (PAGE_CACHE_SECONDS=0), and
  the post page's bytes as a static file (the ceiling of a cached page);
- on SQLite and PostgreSQL: a newsletter to 2,000 and to 10,000 subscribers, sent
  by one task worker into an SMTP server on loopback (messages per second, the
  worker's peak memory), and the free times of a session type for 8 weeks with no
  bookings and with 500 (median of 50 computations, queries each).

BENCH_CONFIGS picks configurations (default "sqlite,postgresql,redis");
BENCH_POSTGRESQL_URL and BENCH_REDIS_URL say where those servers are;
BENCH_SECONDS sets the length of each wrk run (default 30).
"""

import logging
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from prodsite import BASE_DIR, environment, free_port, gunicorn, prepare_site

PAGES = {
    "post page": "/blog/vertrouwen-herstellen/",
    "archive": "/blog/",
    "home": "/",
    "feed": "/blog/feed/",
    "times JSON": "/afspraak/individuele-sessie/tijden/",
}
POST_WITH_COMMENTS = ("vertrouwen-herstellen", 10)
# The post page's own bytes as a file WhiteNoise serves: the ceiling of a cached page.
STATIC_COPY = "bench/post-page.html"
# The public pages measured in-process (the book form's address is made at run time).
IN_PROCESS_PAGES = {
    "post page": "/blog/vertrouwen-herstellen/",
    "home": "/",
    "archive": "/blog/",
    "category": "/blog/categorie/vertrouwen-en-verbinding/",
    "tag": "/blog/tag/vertrouwen/",
    "search": "/blog/zoeken/?q=vertrouwen",
    "about": "/over-mij/",
    "reviews": "/beoordelingen/",
    "booking": "/afspraak/",
    "times": "/afspraak/individuele-sessie/",
    "times JSON": "/afspraak/individuele-sessie/tijden/",
    "book form": None,
}
REQUESTS = 200
CONNECTIONS = (4, 32)
HTTPS = {"X-Forwarded-Proto": "https"}  # production sits behind a TLS proxy
CONFIGS = {
    "sqlite": {},
    "postgresql": {"database": True},
    "redis": {"database": True, "redis": True},
}


def in_process_times(env):
    """{page: figures} with Django's test client, the median of REQUESTS each:

    - "cold": every kind of content changed before each request (what the first
      visitor after an edit meets: nothing kept, fragments made afresh);
    - "uncached": the page cache off (PAGE_CACHE_SECONDS=0), what the coach, a
      logged-in user and every page that is never cached meet;
    - "cached": from the page cache, for the pages it serves;
    - the SQL queries of one cold and one uncached request.
    """
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coachsite.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.versions import everything_changed

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            timed_get(client, path)
        return len(captured)

    add_comments(*POST_WITH_COMMENTS)
    client = Client(headers=HTTPS)
    page_cache_seconds = settings.PAGE_CACHE_SECONDS
    results = {}
    for name, path in in_process_paths().items():
        settings.PAGE_CACHE_SECONDS = 0
        cold = []
        for _ in range(REQUESTS):
            everything_changed()
            cold.append(timed_get(client, path))
        everything_changed()
        cold_queries = queries(path)
        uncached = [timed_get(client, path) for _ in range(REQUESTS)]
        warm_queries = queries(path)
        settings.PAGE_CACHE_SECONDS = page_cache_seconds
        cached = None
        if served_from_cache(client, path):
            cached = statistics.median(timed_get(client, path) for _ in range(REQUESTS))
        results[name] = (
            statistics.median(cold),
            statistics.median(uncached),
            cached,
            cold_queries,
            warm_queries,
        )
    return results


def in_process_paths():
    from django.urls import reverse

    from booking.models import SessionType
    from booking.times.free_times import free_times

    session_type = SessionType.objects.get(slug="individuele-sessie")
    start = free_times(session_type, days=14)[0].isoformat().replace("+00:00", "Z")
    book_form = reverse("booking:book", kwargs={"slug": session_type.slug})
    return IN_PROCESS_PAGES | {"book form": f"{book_form}?start={start}"}


def served_from_cache(client, path):
    """Whether the page cache keeps `path` (it marks what it keeps public)."""
    return "public" in client.get(path).get("Cache-Control", "")


def add_comments(slug, count):
    """Approved comments on the post until it has `count`."""
    from blog.models import Comment, Post

    post = Post.objects.get(slug=slug)
    for number in range(count - post.comments.filter(status="approved").count()):
        Comment.objects.create(
            post=post,
            name=f"Lezer {number}",
            email=f"lezer{number}@example.com",
            body="Dank je, hier herken ik veel in.",
            status="approved",
        )


def timed_get(client, path):
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed


def wrk(url, connections, seconds):
    """(requests/s, p50 ms, p99 ms, errors) from one wrk run."""
    output = subprocess.run(
        [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-H", "X-Forwarded-Proto: https", "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p50 = latency_ms(re.search(r"50%\s+([\d.]+\w+)", output)[1])
    p99 = latency_ms(re.search(r"99%\s+([\d.]+\w+)", output)[1])
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match[1])
    return rate, p50, p99, errors


def latency_ms(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def through_gunicorn(env, seconds):
    """{(page, connections): wrk figures}, or None when wrk is not installed.

    "static copy" is the cached post page's bytes served by WhiteNoise as a file,
    in the same run: the most a cached page could do on this machine."""
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk): skipping the HTTP figures.")
        return None
    static_path = write_static_copy(PAGES["post page"])
    results = {}
    try:
        with gunicorn(env) as base_url:
            for name, path in {**PAGES, "static copy": static_path}.items():
                wrk(base_url + path, 4, 1)  # each worker makes and caches the page
                for connections in CONNECTIONS:
                    url = base_url + path
                    results[name, connections] = wrk(url, connections, seconds)
    finally:
        remove_static_copy()
    with gunicorn({**env, "PAGE_CACHE_SECONDS": "0"}) as base_url:
        path = PAGES["post page"]
        wrk(base_url + path, 4, 1)  # the fragments, made once per worker
        for connections in CONNECTIONS:
            results["post uncached", connections] = wrk(
                base_url + path, connections, seconds
            )
    return results


def write_static_copy(path):
    """The page as gzip-asking browsers get it, written where WhiteNoise serves
    static files from (it reads them when gunicorn starts)."""
    import gzip

    from django.conf import settings
    from django.test import Client

    body = Client(headers=HTTPS).get(path).content
    copy = Path(settings.STATIC_ROOT) / STATIC_COPY
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(body)
    copy.with_name(copy.name + ".gz").write_bytes(gzip.compress(body))
    return settings.STATIC_URL + STATIC_COPY


def remove_static_copy():
    from django.conf import settings

    shutil.rmtree(Path(settings.STATIC_ROOT) / Path(STATIC_COPY).parent)


class CountingHandler:
    """An SMTP server that only counts: the benchmark measures the sender."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def newsletter_throughput(env, sizes=(2_000, 10_000)):
    """{list size: (messages/s, worker peak memory in MB)} through a real worker."""
    from aiosmtpd.controller import Controller
    from django.db import connection

    from newsletter.models import Campaign, Subscriber
    from newsletter.tasks import send_campaign

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    handler = CountingHandler()
    port = free_port()
    smtp = Controller(handler, hostname="127.0.0.1", port=port)
    smtp.start()
    worker_env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    results = {}
    try:
        for size in sizes:
            Subscriber.objects.all().delete()
            Subscriber.objects.bulk_create(
                Subscriber(
                    email=f"reader{number}@example.com",
                    status=Subscriber.Status.CONFIRMED,
                    consent_version="bench",
                )
                for number in range(size)
            )
            campaign = Campaign.objects.create(
                subject="Benchmark", body="<p>Hallo.</p>", status="scheduled"
            )
            connection.close()
            started = time.perf_counter()
            send_campaign.enqueue(campaign.pk)
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.05",
                 "--no-startup-delay", "--no-reload"],
                cwd=BASE_DIR, env=worker_env, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            peak = 0
            while Campaign.objects.get(pk=campaign.pk).status != "sent":
                peak = max(peak, peak_memory_mb(worker.pid))
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
            peak = max(peak, peak_memory_mb(worker.pid))
            worker.terminate()
            worker.wait(timeout=30)
            results[size] = (size / elapsed, peak)
    finally:
        smtp.stop()
    return results


def free_time_computation(bookings=500, runs=50):
    """{number of bookings: (median ms, queries)} for 8 weeks of free times."""
    from datetime import datetime, timedelta
    from datetime import time as clock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from booking.models import Booking, OpeningHours, SessionType
    from booking.times.free_times import free_times
    from booking.times.zones import coach_zone

    zone = coach_zone()
    OpeningHours.objects.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(weekday=weekday, starts_at=clock(8), ends_at=clock(20))
        for weekday in range(7)
    )
    session_type = SessionType.objects.create(
        name="Bench", slug="bench", duration_minutes=30, buffer_after_minutes=0,
        minimum_notice_hours=0, booking_window_days=70,
    )  # fmt: skip
    first_day = timezone.localdate() + timedelta(days=1)
    now = timezone.now()
    results = {}
    for count in (0, bookings):
        Booking.objects.all().delete()
        for number in range(count):  # spread over 56 days, 9 or 10 a day
            day = first_day + timedelta(days=number % 56)
            start = datetime.combine(day, clock(8), tzinfo=zone)
            booking = Booking(
                session_type=session_type, name="B", email="b@example.com"
            )
            booking.place_at(start + timedelta(minutes=30 * (2 * (number // 56) + 1)))
            booking.save()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                free_times(session_type, first_day=first_day, days=56, now=now)
            timings.append((time.perf_counter() - started) * 1000)
        results[count] = (statistics.median(timings), len(queries))
    return results


def peak_memory_mb(pid):
    """The process's peak resident memory so far (Linux), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) / 1024


def report(env, in_process, http, newsletter, free_times):
    postgres = env["DATABASE_URL"].startswith("postgres")
    database = "PostgreSQL" if postgres else "SQLite"
    cache = "Redis" if env.get("REDIS_URL") else "local memory"
    machine = f"{platform.node()} ({os.cpu_count()} cores)"
    print(f"\ncoachsite benchmark on {machine}, {database}, {cache} cache, "
          f"Python {platform.python_version()}\n")  # fmt: skip
    print(f"In-process (Django test client), median of {REQUESTS} requests, ms:")
    columns = ("page", "cold", "uncached", "cached", "queries cold/uncached")
    print("{:<12}{:>9}{:>10}{:>8}{:>23}".format(*columns))
    for name, (cold, uncached, cached, *queries) in in_process.items():
        cached = f"{cached:.2f}" if cached is not None else "-"
        queries = "{} / {}".format(*queries)
        print(f"{name:<12}{cold:>9.2f}{uncached:>10.2f}{cached:>8}{queries:>23}")
    if http:
        print("\nThrough gunicorn (2 workers, wrk on loopback):")
        columns = ("page", "conns", "req/s", "p50 ms", "p99 ms", "errors")
        print("{:<14}{:>6}{:>10}{:>9}{:>9}{:>8}".format(*columns))
        for (name, conns), (rate, p50, p99, errors) in http.items():
            print(f"{name:<14}{conns:>6}{rate:>10.0f}{p50:>9.2f}{p99:>9.2f}{errors:>8}")
        for conns in CONNECTIONS:
            share = http["post page", conns][0] / http["static copy", conns][0]
            print(f"cached post page / static copy at {conns} connections: {share:.2f}")
    if newsletter:
        report_background_work(newsletter, free_times)


def report_background_work(newsletter, free_times):
    print(
        "\nNewsletter: one mailing to every subscriber, one worker, local SMTP server:"
    )
    print(f"{'subscribers':>12}{'messages/s':>12}{'worker peak MB':>16}")
    for size, (rate, peak) in newsletter.items():
        print(f"{size:>12}{rate:>12.0f}{peak:>16.0f}")
    sizes = sorted(newsletter)
    growth = newsletter[sizes[-1]][1] / newsletter[sizes[0]][1]
    print(f"memory at {sizes[-1]} vs {sizes[0]} subscribers: {growth:.2f}x")
    print("\nFree times of a session type for 8 weeks (median of 50, target < 20 ms):")
    print(f"{'bookings':>12}{'ms':>10}{'queries':>10}")
    for count, (ms, queries) in free_times.items():
        print(f"{count:>12}{ms:>10.2f}{queries:>10}")
    counts = sorted(free_times)
    ratio = free_times[counts[-1]][0] / free_times[counts[0]][0]
    print(f"time with {counts[-1]} vs {counts[0]} bookings: {ratio:.2f}x")


def measure(config, seconds):
    """Measure one configuration; runs in its own process (Django sets up once)."""
    wanted = CONFIGS[config]
    with tempfile.TemporaryDirectory(prefix="coachsite-bench-") as workdir:
        env = environment(
            Path(workdir),
            database_url=wanted.get("database") and os.environ["BENCH_POSTGRESQL_URL"],
            redis_url=wanted.get("redis") and os.environ["BENCH_REDIS_URL"],
        )
        prepare_site(env)
        in_process = in_process_times(env)
        http = through_gunicorn(env, seconds)
        newsletter = free_times = None
        if not wanted.get("redis"):  # the cache changes neither of these
            newsletter = newsletter_throughput(env)
            free_times = free_time_computation()
        report(env, in_process, http, newsletter, free_times)


def main():
    seconds = int(os.environ.get("BENCH_SECONDS", 30))
    if len(sys.argv) > 1:
        measure(sys.argv[1], seconds)
        return
    os.environ.setdefault(
        "BENCH_POSTGRESQL_URL", "postgres://postgres@127.0.0.1:5432/coachsite_bench"
    )
    os.environ.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    configs = os.environ.get("BENCH_CONFIGS", ",".join(CONFIGS)).split(",")
    for config in configs:
        subprocess.run([sys.executable, __file__, config.strip()], check=True)


if __name__ == "__main__":
    main()
