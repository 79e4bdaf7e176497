"""gunicorn's access log keeps no secret that an address carries."""

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from coachsite.access_log import RedactingLogger, redact
from core.links import LinkPurpose

TOKEN = LinkPurpose.registry["newsletter-manage"].token(
    "0b7c5bb4-1f3a-4c8e-9a51-3d1f6a2b9c40"
)
FEED = "Kq3vT0qYc1mM7n2uWvE8yR5tHbXz4pLs9dJf6gAe0iO"


def test_signed_and_random_tokens_are_left_out_slugs_kept():
    assert redact(f"/nieuwsbrief/afmelden/{TOKEN}/") == "/nieuwsbrief/afmelden/[token]/"
    assert redact(f"/afspraak/agenda/{FEED}.ics") == "/afspraak/agenda/[token]"
    assert redact(f"/afspraak/beheer/{TOKEN}/verzetten/?start=2026-12-02T09:00Z") == (
        "/afspraak/beheer/[token]/verzetten/"
    )
    slug = "/blog/vertrouwensbreuk-in-je-relatie-hoe-vind-je-weer-houvast/?page=2"
    assert redact(slug) == slug


def test_the_log_line_holds_neither_the_token_nor_its_referer():
    logger = RedactingLogger(Config())
    path = f"/nieuwsbrief/voorkeuren/{TOKEN}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://coach.example.nl/nieuwsbrief/afmelden/{TOKEN}/",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])

    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    line = logger.cfg.access_log_format % atoms

    assert TOKEN not in line and TOKEN not in str(atoms)
    assert "/nieuwsbrief/voorkeuren/[token]/" in line
