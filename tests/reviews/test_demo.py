import pytest

import booking.demo
import reviews.demo
from booking.models import Booking
from reviews.models import Review
from reviews.summary import rating_summary

pytestmark = pytest.mark.django_db


def test_the_demo_reviews_average_about_four_point_eight(demo_site):
    booking.demo.load()
    reviews.demo.load()

    summary = rating_summary()
    assert summary.count >= 20
    assert round(summary.average, 1) == 4.8
    verified = Review.objects.filter(verified=True).select_related("booking")
    assert verified.exists()
    assert all(r.booking.status == Booking.Status.COMPLETED for r in verified)
