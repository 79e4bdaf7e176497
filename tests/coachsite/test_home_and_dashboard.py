"""The home page that brings it together, and the coach's dashboard in the admin."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from blog.models import Comment, ReadCount
from booking.models import Booking
from coachsite import dashboard
from newsletter.models import Subscriber
from reviews.models import Review
from tests.blog.factories import CategoryFactory, published_post
from tests.booking.factories import BookingFactory, SessionTypeFactory
from tests.html import parse
from tests.newsletter.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def review(**fields):
    defaults = {
        "rating": 5,
        "text": "Fijn.",
        "display_name": "Eline",
        "source": "Google",
        "status": Review.Status.PUBLISHED,
        "published_at": timezone.now(),
    }
    return Review.objects.create(**{**defaults, **fields})


def test_the_home_page_brings_it_together(client, demo_site):
    introduction = SessionTypeFactory(name="Gratis kennismaking", price=0, position=0)
    SessionTypeFactory(name="Individuele sessie", price=95, position=1)
    for number, rating in enumerate((5, 4, 5)):
        item = review(rating=rating, display_name=f"Cliënt {number}")
        Review.objects.filter(pk=item.pk).update(
            published_at=timezone.now() - timedelta(days=number)
        )
    featured = CategoryFactory(name="Communicatie", is_featured=True)
    CategoryFactory(name="Niet uitgelicht")
    published_post(title="Luisteren").categories.add(featured)

    page = parse(client.get("/"))

    cta = page.select_one(".hero .actions .button")
    assert cta["href"] == introduction.get_absolute_url()
    assert [h.get_text() for h in page.select(".session-type h3")] == [
        "Gratis kennismaking",
        "Individuele sessie",
    ]
    widget = page.select_one("main .rating-widget")
    assert "4,7" in widget.get_text() and "3 beoordelingen" in widget.get_text()
    assert [name.get_text() for name in widget.select(".review-author")] == [
        "Cliënt 0",
        "Cliënt 1",
    ]
    topics = page.select(".topic-cards li")
    assert len(topics) == 1 and "1 bericht" in topics[0].get_text()
    assert page.select_one("footer .rating-widget")  # on every page


def test_a_new_site_without_sessions_or_reviews_has_a_calm_home_page(client, demo_site):
    page = parse(client.get("/"))

    assert page.h1
    assert not page.select(".rating-widget")
    assert not page.select(".session-types")


# The dashboard


def test_the_dashboard_shows_the_week_and_what_waits(admin_client, demo_site):
    session_type = SessionTypeFactory()
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    monday = start - timedelta(days=start.weekday())
    BookingFactory(
        session_type=session_type, starts_at=monday + timedelta(days=6), name="Zondag"
    )
    post = published_post(title="Vertrouwen")
    Comment.objects.create(
        post=post, name="Anouk", email="a@example.com", body="Herkenbaar!"
    )
    review(status=Review.Status.PENDING, display_name="Bas")
    SubscriberFactory(first_name="Nieuw")

    page = parse(admin_client.get(reverse("admin:index")))

    week = page.select(".coach-dashboard section")[0]
    assert "Zondag" in week.get_text()
    assert week.find("a", href="https://meet.jit.si/test-room")
    text = page.select_one(".coach-dashboard").get_text()
    assert "1 reactie wacht" in text and "1 beoordeling wacht" in text
    assert "1 nieuwe abonnee" in text and "Nieuw" in text
    assert page.select("form[action*='/dashboard/comment/'] button")
    assert page.select_one(".app-agenda")  # the models follow, by her work


def test_one_click_publishes_a_review_from_the_dashboard(admin_client, db):
    waiting = review(status=Review.Status.PENDING)
    url = reverse("admin:dashboard_action", args=["review", waiting.pk, "publish"])

    assert admin_client.get(url).status_code == 405
    response = admin_client.post(url)

    assert response["Location"] == reverse("admin:index")
    waiting.refresh_from_db()
    assert waiting.status == Review.Status.PUBLISHED


def test_one_click_approves_or_spams_a_comment(admin_client, db):
    post = published_post()
    ham, spam = (
        Comment.objects.create(post=post, name=n, email="x@example.com", body=n)
        for n in ("Mooi", "Koop nu")
    )

    admin_client.post(
        reverse("admin:dashboard_action", args=["comment", ham.pk, "approve"])
    )
    admin_client.post(
        reverse("admin:dashboard_action", args=["comment", spam.pk, "spam"])
    )

    ham.refresh_from_db()
    spam.refresh_from_db()
    assert (ham.status, spam.status) == (Comment.Status.APPROVED, Comment.Status.SPAM)


def test_staff_without_the_permission_cannot_use_the_buttons(client, django_user_model):
    user = django_user_model.objects.create_user("hulp", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_review"))
    client.force_login(user)
    waiting = review(status=Review.Status.PENDING)

    client.post(
        reverse("admin:dashboard_action", args=["review", waiting.pk, "publish"])
    )
    client.post(
        reverse("admin:dashboard_action", args=["review", waiting.pk, "delete"])
    )

    waiting.refresh_from_db()
    assert waiting.status == Review.Status.PENDING


def test_the_chart_counts_a_year_per_month_in_bars_and_a_table(admin_client, db):
    session_type = SessionTypeFactory()
    now = timezone.now()
    for days_ago in (1, 2, 63):  # apart, as bookings can't overlap
        BookingFactory(session_type=session_type, starts_at=now - timedelta(days_ago))
    BookingFactory(
        session_type=session_type,
        starts_at=now - timedelta(days=5),
        status=Booking.Status.CANCELLED,
    )
    SubscriberFactory(subscribed_at=now - timedelta(days=1))
    SubscriberFactory(
        subscribed_at=now - timedelta(days=1), status=Subscriber.Status.PENDING
    )
    SubscriberFactory(subscribed_at=now - timedelta(days=400))  # over a year ago
    post, today = published_post(), timezone.localdate()
    ReadCount.objects.create(post=post, day=today, count=7)
    ReadCount.objects.create(post=post, day=today - timedelta(days=400), count=50)

    months = dashboard.monthly_figures()
    page = parse(admin_client.get(reverse("admin:index")))

    assert len(months) == 12
    assert sum(month.bookings for month in months) == 3
    assert sum(month.subscribers for month in months) == 1
    assert sum(month.reads for month in months) == 7
    this_month = months[-1]
    assert this_month.first_day == timezone.localdate().replace(day=1)
    assert len(page.select(".coach-dashboard svg rect")) == 24
    assert page.select_one(".coach-dashboard svg")["aria-describedby"] == "chart-table"
    rows = page.select("#chart-table tbody tr")
    assert len(rows) == 12
    assert [cell.get_text() for cell in rows[-1].find_all("td")] == [
        str(this_month.subscribers),
        str(this_month.bookings),
        "7",
    ]
