"""Newsletters, new posts and the weekly overview: who gets what, and how it looks."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.services import publish_post, unpublish_post
from newsletter import mailings, services
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.schedule import digest_moment
from tests.blog.factories import PostFactory, published_post
from tests.html import parse
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(demo_site):
    return {
        "each": SubscriberFactory(email="elk@example.com", first_name="Elk"),
        "weekly": SubscriberFactory(email="week@example.com", new_posts="weekly"),
        "only_news": SubscriberFactory(email="nieuws@example.com", new_posts="none"),
        "pending": SubscriberFactory(email="wacht@example.com", status="pending"),
        "gone": SubscriberFactory(email="weg@example.com", status="unsubscribed"),
        "bounced": SubscriberFactory(email="kapot@example.com", status="bounced"),
    }


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def send(campaign, capture):
    with capture(execute=True):
        services.schedule_campaign(campaign=campaign)


def test_a_newsletter_goes_to_every_confirmed_subscriber_once(
    readers, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()

    send(campaign, django_capture_on_commit_callbacks)

    assert recipients() == ["elk@example.com", "nieuws@example.com", "week@example.com"]
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.SENT
    progress = Campaign.objects.with_figures().get()
    assert (progress.sent, progress.queued, progress.failed) == (3, 0, 0)


def test_every_mail_is_complete_and_personal(
    readers, django_capture_on_commit_callbacks
):
    send(CampaignFactory(preheader="Kort vooraf"), django_capture_on_commit_callbacks)

    message = next(m for m in mail.outbox if m.to == ["elk@example.com"])
    html = message.alternatives[0].content
    assert "Sanne Verbeek Relatiecoaching" in message.from_email
    assert message.subject == "Nieuws uit de praktijk"
    assert 'href="http://localhost:8000/blog/"' in html  # absolute links
    assert "<style" not in html and 'style="' in html  # CSS inlined
    assert "Kort vooraf" in html  # the preheader
    assert "Hallo! Lees het blog (http://localhost:8000/blog/)." in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert unsubscribe in message.body and unsubscribe in html
    assert "/nieuwsbrief/afmelden/" in unsubscribe
    others = [
        m.extra_headers["List-Unsubscribe"] for m in mail.outbox if m is not message
    ]
    assert message.extra_headers["List-Unsubscribe"] not in others
    delivery = Delivery.objects.get(subscriber__email="elk@example.com")
    assert message.extra_headers["Message-ID"] == delivery.message_id


def test_unsubscribing_is_one_click_and_can_be_undone(
    client, readers, django_capture_on_commit_callbacks
):
    send(CampaignFactory(), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["elk@example.com"])
    link = (
        message.extra_headers["List-Unsubscribe"]
        .strip("<>")
        .removeprefix("http://localhost:8000")
    )

    asked = client.get(link)
    assert Subscriber.objects.get(email="elk@example.com").status == "confirmed"
    assert "Afmelden?" in asked.content.decode()

    page = client.post(link)

    assert "Je bent afgemeld" in page.content.decode()
    assert Subscriber.objects.get(email="elk@example.com").status == "unsubscribed"
    undo = parse(page).find("form", action=re.compile("opnieuw-inschrijven"))["action"]
    client.post(undo)
    assert Subscriber.objects.get(email="elk@example.com").status == "confirmed"


def test_mail_programs_unsubscribe_with_a_post(
    client, readers, django_capture_on_commit_callbacks
):
    send(CampaignFactory(), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["elk@example.com"])
    link = (
        message.extra_headers["List-Unsubscribe"]
        .strip("<>")
        .removeprefix("http://localhost:8000")
    )

    response = client.post(link, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert Subscriber.objects.get(email="elk@example.com").status == "unsubscribed"
    mail.outbox.clear()
    send(CampaignFactory(subject="Tweede"), django_capture_on_commit_callbacks)
    assert "elk@example.com" not in recipients()


def test_preferences_change_how_often_new_posts_arrive(
    client, readers, django_capture_on_commit_callbacks
):
    send(CampaignFactory(), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["elk@example.com"])
    link = re.search(
        r"http://localhost:8000(/nieuwsbrief/voorkeuren/\S+/)", message.body
    )[1]

    client.post(link, {"first_name": "Elke", "new_posts": "weekly"})

    reader = Subscriber.objects.get(email="elk@example.com")
    assert (reader.first_name, reader.new_posts) == ("Elke", "weekly")


def test_a_published_post_is_mailed_once_to_who_wants_each_post(
    readers, django_capture_on_commit_callbacks
):
    post = PostFactory(title="Over loslaten", body="<p>Loslaten is een werkwoord.</p>")

    with django_capture_on_commit_callbacks(execute=True):
        publish_post(post=post)
    assert recipients() == ["elk@example.com"]
    message = mail.outbox[0]
    assert message.subject == "Nieuw op het blog: Over loslaten"
    assert "Loslaten is een werkwoord." in message.body
    assert f"http://localhost:8000{post.get_absolute_url()}" in message.body

    with django_capture_on_commit_callbacks(execute=True):
        unpublish_post(post=post)
        publish_post(post=post)
    assert len(mail.outbox) == 1
    assert Campaign.objects.filter(post=post).count() == 1


def test_a_scheduled_post_is_mailed_when_it_appears(
    readers, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    post = PostFactory(
        status="published", published_at=timezone.now() + timedelta(hours=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_new_post_mailing(post=post)

    task = DBTaskResult.objects.get(task_path="newsletter.tasks.mail_new_post")
    assert task.run_after == post.published_at
    assert mailings.new_post_mailing(post_id=post.pk) is None  # not yet

    post.published_at = timezone.now() - timedelta(minutes=1)
    post.save()
    assert mailings.new_post_mailing(post_id=post.pk) is not None


def test_a_backdated_post_is_not_mailed(readers, django_capture_on_commit_callbacks):
    post = published_post(ago=timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        publish_post(post=post)

    assert mail.outbox == []


def test_the_weekly_overview_lists_the_weeks_posts_once(
    readers, django_capture_on_commit_callbacks
):
    monday = datetime(2026, 11, 23, tzinfo=ZoneInfo("Europe/Amsterdam")).date()
    moment = digest_moment(monday)
    published_post(title="Deze week", ago=timezone.now() - (moment - timedelta(days=2)))
    published_post(title="Te oud", ago=timezone.now() - (moment - timedelta(days=9)))

    with django_capture_on_commit_callbacks(execute=True):
        first = services.start_weekly_digest(now=moment + timedelta(minutes=5))
        again = services.start_weekly_digest(now=moment + timedelta(minutes=10))

    assert first is not None and again is None
    assert recipients() == ["week@example.com"]
    assert "Deze week" in mail.outbox[0].body and "Te oud" not in mail.outbox[0].body


def test_a_week_without_posts_sends_no_overview(readers):
    assert services.start_weekly_digest() is None


def test_a_complaint_suppresses_the_address_for_every_later_mailing(
    readers, django_capture_on_commit_callbacks
):
    services.mark_complained(subscriber=readers["each"])

    send(CampaignFactory(), django_capture_on_commit_callbacks)

    assert "elk@example.com" not in recipients()
    assert Subscriber.objects.get(email="elk@example.com").status == "complained"
