"""A database outage is a 503 that says to try again, never a bare 500."""

import pytest
from django.db import InterfaceError, OperationalError

from blog.views import PostListView


@pytest.fixture
def failing_archive(monkeypatch, client):
    client.raise_request_exception = False  # answer as in production

    def fail_with(error):
        def get(*args, **kwargs):
            raise error

        monkeypatch.setattr(PostListView, "get", get)

    return fail_with


@pytest.mark.parametrize(
    "error",
    [OperationalError("connection refused"), InterfaceError("connection closed")],
)
def test_an_unreachable_database_gives_a_friendly_503(
    client, db, failing_archive, error
):
    failing_archive(error)

    response = client.get("/blog/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Zo weer terug" in response.content.decode()
    assert "stuur het over een minuut opnieuw" in response.content.decode()


def test_any_other_error_is_still_a_500(client, db, failing_archive):
    failing_archive(ValueError("a bug"))

    response = client.get("/en/blog/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
