"""Counts that must hold: rate limits and spent tokens (core.models.Counter)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.models import Counter


def add_one(model, *, defaults=None, **identity):
    """Add one to the `count` of the row of `model` that `identity` names, made
    with a count of one (and `defaults`) when there is none; safe when two
    requests count at once (the identity is unique)."""
    rows = model._default_manager.filter(**identity)
    with transaction.atomic():
        if rows.update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                model._default_manager.create(**identity, **(defaults or {}), count=1)
        except IntegrityError:  # another request counted first
            rows.update(count=F("count") + 1)


def count(key, *, expires_at) -> int:
    """Add one to the count under `key` and return it; a new count lasts until
    `expires_at`."""
    with transaction.atomic():
        add_one(Counter, defaults={"expires_at": expires_at}, key=key)
        return Counter.objects.filter(key=key).values_list("count", flat=True).get()


def forget_expired() -> int:
    """Housekeeping: delete the counts whose moment has passed."""
    deleted, _ = Counter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
