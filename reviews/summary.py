"""The rating shown on the site: average, count and distribution of the published
reviews, computed in one query and cached with the pages."""

import contextlib
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, Q

from core import versions
from reviews.models import Review

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RatingSummary:
    average: float | None
    count: int
    stars: dict  # {5: number of five-star reviews, ..., 1: ...}

    @property
    def rows(self):
        """(stars, number, percentage) from five stars down, for the bars."""
        return [
            (stars, number, round(100 * number / self.count) if self.count else 0)
            for stars, number in sorted(self.stars.items(), reverse=True)
        ]


def rating_summary():
    """The summary, cached under the reviews' content version (any change to a
    review empties it); without a cache, computed."""
    try:
        key = f"reviews:summary:{versions.current()['reviews']}"
        summary = cache.get(key)
    except Exception:
        logger.warning("Rating not cached: cache unavailable", exc_info=True)
        return summarise()
    if summary is None:
        summary = summarise()
        with contextlib.suppress(Exception):
            cache.set(key, summary, timeout=24 * 60 * 60)
    return summary


def summarise():
    totals = Review.objects.published().aggregate(
        average=Avg("rating"),
        count=Count("pk"),
        **{
            f"stars_{stars}": Count("pk", filter=Q(rating=stars))
            for stars in range(5, 0, -1)
        },
    )
    average = totals["average"]
    return RatingSummary(
        average=float(average) if average is not None else None,
        count=totals["count"],
        stars={stars: totals[f"stars_{stars}"] for stars in range(5, 0, -1)},
    )
