"""Plain HTTP requests to a server the test started (gunicorn on loopback)."""

import http.client
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode, urlsplit


@dataclass
class Answer:
    status: int
    headers: Message
    text: str


def send(base_url, method, path, *, form=None, headers=None):
    """One request on a connection of its own; redirects are not followed."""
    headers = dict(headers or {})
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(urlsplit(base_url).netloc, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        return Answer(response.status, response.headers, text)
    finally:
        connection.close()
