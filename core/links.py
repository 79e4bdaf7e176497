"""Signed links in e-mails: each made for one purpose, some expiring.

Django's signing (HMAC-SHA256 with SECRET_KEY) makes them unforgeable; the purpose
is the salt, so a token made for one action is worthless for any other. Each app
declares its purposes in its `links.py`; `LinkPurpose.registry` holds them all.
"""

import functools

from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import render

DAY = 24 * 60 * 60


class LinkPurpose:
    """One kind of link: its name (the salt), how long it works, and how the value
    it carries leads to the object it acts on.

    `find(value)` returns that object or None. `max_age` is in seconds, None for
    a link that works for ever, or a function that reads it from the settings.
    """

    registry = {}  # name -> LinkPurpose: every kind of link the site sends

    def __init__(self, name, *, find, max_age=None):
        if name in self.registry:
            raise ValueError(f"Two kinds of links are called {name!r}.")
        self.name, self.find, self._max_age = name, find, max_age
        self.registry[name] = self

    def __repr__(self):
        return f"<LinkPurpose {self.name}>"

    @property
    def salt(self):
        return f"coachsite.{self.name}"

    @property
    def max_age(self):
        return self._max_age() if callable(self._max_age) else self._max_age

    def token(self, value) -> str:
        return signing.dumps(value, salt=self.salt, compress=True)

    def value(self, token):
        """The value signed into `token`, or None if forged or expired."""
        try:
            return signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.BadSignature:
            return None

    def object_for(self, token):
        """The object the link is for, or None."""
        value = self.value(token)
        return None if value is None else self.find(value)

    def view(self, view):
        """Decorate `view(request, obj, token, ...)`: it gets the object its link
        is for, and a forged, expired or dangling link the "no longer works" page."""

        @functools.wraps(view)
        def wrapper(request, token, **kwargs):
            obj = self.object_for(token)
            if obj is None:
                return link_invalid(request)
            return view(request, obj, token, **kwargs)

        return wrapper


def by_key(queryset, value):
    """The row a link's value names: its random `key`, or, in links mailed before
    keys existed, its id (an unsubscribe link must work for ever)."""
    lookup = {"pk": value} if isinstance(value, int) else {"key": value}
    try:
        return queryset.filter(**lookup).first()
    except ValidationError:  # neither a key nor an id
        return None


def link_invalid(request):
    return render(request, "link_invalid.html", status=404)
