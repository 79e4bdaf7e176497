"""Two gunicorn servers on different ports, sharing PostgreSQL and Redis, as behind a
load balancer: a login on one holds on the other, a comment posted through one shows
on the other at once, and rate limits count the requests to both."""

import re
from http.cookies import SimpleCookie

import psycopg
import pytest
import redis
from django.test import override_settings
from django.urls import reverse

from bench import prodsite
from tests import services
from tests.blog.comments import comment_form
from tests.conftest import require_service
from tests.http import send

pytestmark = pytest.mark.e2e

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/coachsite_two_processes"
PASSWORD = "twee-servers-een-wachtwoord"


class Visitor:
    """One browser: it keeps its cookies, whichever server answers."""

    def __init__(self):
        self.cookies = {}

    def request(self, base_url, method, path, form=None, address="10.1.1.1"):
        headers = {"X-Forwarded-For": address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        answer = send(base_url, method, path, form=form, headers=headers)
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return answer.status, answer.text


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """Made once for the module: each test leaves the others' data alone."""
    require_service(services.postgresql_available(), "PostgreSQL on 127.0.0.1:5432")
    require_service(services.redis_available(), "Redis on 127.0.0.1:6379")
    shared_redis = "redis://127.0.0.1:6379/14"
    redis.Redis.from_url(shared_redis).flushdb()
    env = prodsite.environment(
        tmp_path_factory.mktemp("two-servers"),
        database_url=DATABASE_URL, redis_url=shared_redis,
        SECURE_SSL_REDIRECT="0", TRUSTED_PROXIES="127.0.0.1",
        DJANGO_SUPERUSER_USERNAME="coach", DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        DJANGO_SUPERUSER_EMAIL="coach@example.com",
    )  # fmt: skip
    prodsite.prepare_site(env)
    prodsite.manage(env, "ensure_admin")
    with (
        override_settings(SECRET_KEY=env["SECRET_KEY"]),  # for the forms' tokens
        prodsite.gunicorn(env) as one,
        prodsite.gunicorn(env) as other,
    ):
        yield one, other
    redis.Redis.from_url(shared_redis).flushdb()
    prodsite.drop_postgresql_database(DATABASE_URL)


def test_a_login_on_one_server_holds_on_the_other(two_servers):
    one, other = two_servers
    coach = Visitor()
    _, page = coach.request(one, "GET", "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]

    status, _ = coach.request(one, "POST", "/admin/login/", {
        "csrfmiddlewaretoken": token, "username": "coach", "password": PASSWORD,
        "next": "/admin/",
    })  # fmt: skip

    assert status == 302
    assert coach.request(other, "GET", "/admin/")[0] == 200
    assert Visitor().request(other, "GET", "/admin/")[0] == 302  # to the login


def test_a_comment_through_one_server_shows_on_the_other_at_once(two_servers):
    one, other = two_servers
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        slug, post_id = db.execute(
            "SELECT slug, id FROM blog_post WHERE status = 'published' LIMIT 1"
        ).fetchone()
        reader = Visitor()
        assert reader.request(other, "GET", f"/blog/{slug}/")[0] == 200
        # Changed behind the site's back: a page the other server still shows
        # without it comes from the shared page cache.
        db.execute(
            "UPDATE blog_post SET title = 'Stilletjes gewijzigd' WHERE id = %s",
            [post_id],
        )
    assert (
        "Stilletjes gewijzigd" not in reader.request(other, "GET", f"/blog/{slug}/")[1]
    )

    # A regular: her browser holds an approved comment, so the next one shows.
    path = reverse("blog:post_comment", kwargs={"slug": slug})
    regular = Visitor()
    first = comment_form(email="vaste@example.com", body="Mijn eerste reactie hier.")
    regular.request(one, "POST", path, first, address="10.3.3.3")
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        db.execute(
            "UPDATE blog_comment SET status = 'approved' WHERE email = %s",
            ["vaste@example.com"],
        )
    form = comment_form(
        email="vaste@example.com", body="Via de eerste server geschreven."
    )
    status, _ = regular.request(one, "POST", path, form, address="10.3.3.3")

    assert status == 302
    _, page = reader.request(other, "GET", f"/blog/{slug}/")
    assert "Via de eerste server geschreven." in page
    assert "Stilletjes gewijzigd" in page


def test_the_rate_limit_counts_requests_to_both_servers(two_servers):
    one, other = two_servers
    with psycopg.connect(DATABASE_URL) as db:
        slug = db.execute(
            "SELECT slug FROM blog_post WHERE status = 'published' LIMIT 1"
        ).fetchone()[0]
    path = reverse("blog:post_comment", kwargs={"slug": slug})

    statuses = [
        Visitor().request(
            server, "POST", path,
            comment_form(email=f"lezer{n}@example.com", body=f"Reactie nummer {n}."),
            address="10.7.7.7",
        )[0]
        for n, server in enumerate([one, other] * 3)
    ]  # fmt: skip

    assert statuses == [302] * 5 + [429]  # COMMENTS_RATE_LIMIT: 5 in 10 minutes
