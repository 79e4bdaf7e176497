"""The headers and cookies a production process sends (its own process: the
settings module decides them once, at start-up)."""

import json

import pytest

from tests.coachsite.test_settings_from_environment import (
    PRODUCTION,
    manage,
    run_python,
)

# Requests in a production process through Django's test client, over HTTPS as the
# proxy in front reports it. Static files are not collected here: only the storage
# that finds them is swapped, which changes no header.
PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

get_user_model().objects.create_user("noor", password="lang-geheim-42", is_staff=True)
static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
client = Client(HTTP_X_FORWARDED_PROTO="https")
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}):
    pages = {path: client.get(path) for path in ["/", "/blog/", "/admin/login/"]}
    login = client.post("/admin/login/", {
        "username": "noor", "password": "lang-geheim-42", "next": "/admin/",
        "csrfmiddlewaretoken": pages["/admin/login/"].cookies["csrftoken"].value,
    })
    plain = Client().get("/", HTTP_HOST="coach.example.nl")
print(json.dumps({
    "status": {path: response.status_code for path, response in pages.items()},
    "headers": {path: dict(response.headers) for path, response in pages.items()},
    "cookies": {
        name: {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
               "samesite": morsel["samesite"]}
        for response in [*pages.values(), login]
        for name, morsel in response.cookies.items()
    },
    "login": login.status_code,
    "plain": [plain.status_code, plain.headers.get("Location")],
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    env = {
        **PRODUCTION,
        "ALLOWED_HOSTS": "coach.example.nl,testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('prod') / 'site.db'}",
    }
    migrated = manage("migrate", "--noinput", **env)
    assert migrated.returncode == 0, migrated.stderr
    result = run_python(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_pages_answer_over_https(production):
    assert production["status"] == {"/": 200, "/blog/": 200, "/admin/login/": 200}
    assert production["login"] == 302


def test_plain_http_is_sent_to_https(production):
    assert production["plain"] == [301, "https://coach.example.nl/"]


@pytest.mark.parametrize("path", ["/", "/blog/", "/admin/login/"])
def test_every_page_sends_the_security_headers(production, path):
    headers = production["headers"][path]

    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in headers["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"


def test_cookies_are_secure_and_the_session_is_out_of_scripts_reach(production):
    cookies = production["cookies"]

    assert {"csrftoken", "sessionid"} <= set(cookies)
    assert all(cookie["secure"] for cookie in cookies.values())
    assert cookies["sessionid"]["httponly"]
    assert all(cookie["samesite"] == "Lax" for cookie in cookies.values())
