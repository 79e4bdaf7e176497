"""Signed tokens for links in e-mails: scoped to one purpose, and expiring.

Django's signing (HMAC-SHA256 with SECRET_KEY) makes them unforgeable; the purpose
is the salt, so a token made for one action is worthless for any other.
"""

from django.core import signing

DAY = 24 * 60 * 60


def make_token(purpose, value):
    return signing.dumps(value, salt=f"coachsite.{purpose}", compress=True)


def read_token(purpose, token, *, max_age):
    """The value signed into `token` for `purpose`, or None if forged or expired."""
    try:
        return signing.loads(token, salt=f"coachsite.{purpose}", max_age=max_age)
    except signing.BadSignature:
        return None
