"""Counts that must hold: rate limits and spent tokens (core.models.Counter)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from core.models import Counter


def count(key, *, expires_at) -> int:
    """Add one to the count under `key` and return it; a new count lasts until
    `expires_at`."""
    with transaction.atomic():
        added = Counter.objects.filter(key=key).update(count=F("count") + 1)
        if not added:
            try:
                with transaction.atomic():
                    Counter.objects.create(key=key, count=1, expires_at=expires_at)
                return 1
            except IntegrityError:  # another request counted first
                Counter.objects.filter(key=key).update(count=F("count") + 1)
        return Counter.objects.filter(key=key).values_list("count", flat=True).get()


def forget_expired() -> int:
    """Housekeeping: delete the counts whose moment has passed."""
    deleted, _ = Counter.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
