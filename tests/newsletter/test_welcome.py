"""The welcome series: mails the coach writes in the admin, each sent to a new
subscriber on its day after confirming, never after they unsubscribed."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from newsletter.models import Campaign, Delivery, Subscriber, WelcomeMail
from tests.html import parse
from tests.newsletter.factories import SubscriberFactory
from tests.newsletter.test_subscribing import confirm_link, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_client(client, coach_group):
    coach = get_user_model().objects.create_user("coach", is_staff=True)
    coach.groups.add(coach_group)
    client.force_login(coach)
    return client


def write_series(client):
    series = [(0, "Welkom!"), (3, "Hoe gaat het?"), (7, "Mijn beste stukken")]
    for day, subject in series:
        response = client.post(
            reverse("admin:newsletter_welcomemail_add"),
            {
                "welcome_day": day,
                "subject": subject,
                "preheader": "",
                "body": f"<p>{subject} Fijn dat je er bent.</p>",
                "active": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def days_pass(django_capture_on_commit_callbacks):
    def move(days):
        """Move what happened back in time, as if `days` went by; housekeeping runs."""
        earlier = timedelta(days=days)
        Subscriber.objects.update(confirmed_at=F("confirmed_at") - earlier)
        Campaign.objects.update(started_at=F("started_at") - earlier)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("housekeeping")

    return move


def subjects_to(email):
    return [m.subject for m in mail.outbox if m.to == [email]]


def test_the_series_follows_a_new_subscriber_until_they_unsubscribe(
    coach_client, client, django_capture_on_commit_callbacks, days_pass
):
    before = SubscriberFactory(
        email="al-lang@example.com", confirmed_at=timezone.now() - timedelta(days=1)
    )
    write_series(coach_client)
    sign_up(client, django_capture_on_commit_callbacks, email="nieuw@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(mail.outbox[-1]))

    # Day 0: right after confirming.
    assert subjects_to("nieuw@example.com")[1:] == ["Welkom!"]
    days_pass(1)
    assert subjects_to("nieuw@example.com")[1:] == ["Welkom!"]
    days_pass(2)
    assert subjects_to("nieuw@example.com")[1:] == ["Welkom!", "Hoe gaat het?"]
    days_pass(3)  # nothing new on day 6, and nothing twice
    assert subjects_to("nieuw@example.com")[1:] == ["Welkom!", "Hoe gaat het?"]

    services.unsubscribe(subscriber=Subscriber.objects.get(email="nieuw@example.com"))
    days_pass(1)  # day 7 comes, and goes by
    assert subjects_to("nieuw@example.com")[1:] == ["Welkom!", "Hoe gaat het?"]
    assert subjects_to(before.email) == []
    third = WelcomeMail.objects.get(welcome_day=7)
    assert not Delivery.objects.filter(campaign=third, status="sent").exists()

    # The coach sees how each mail of the series did.
    first = WelcomeMail.objects.get(welcome_day=0)
    page = coach_client.get(
        reverse("admin:newsletter_welcomemail_change", args=[first.pk])
    )
    figures = parse(page).find("table", class_="figures")
    assert figures.find("th", string="Verstuurd").find_next("td").get_text() == "1"
    second = WelcomeMail.objects.get(welcome_day=3)
    assert Delivery.objects.get(campaign=second).outcome == "unsubscribed"


def test_a_mail_switched_off_waits_and_the_mailings_list_leaves_it_out(
    coach_client, django_capture_on_commit_callbacks
):
    write_series(coach_client)
    first = WelcomeMail.objects.get(welcome_day=0)
    services.switch_welcome_mail(mail=first, on=False)
    SubscriberFactory(email="nieuw@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.start_welcome_mails() == 0
    assert subjects_to("nieuw@example.com") == []

    mailings = coach_client.get(reverse("admin:newsletter_campaign_changelist"))
    assert list(mailings.context["cl"].result_list) == []
    series = coach_client.get(reverse("admin:newsletter_welcomemail_changelist"))
    listed = [mail.subject for mail in series.context["cl"].result_list]
    assert listed == ["Welkom!", "Hoe gaat het?", "Mijn beste stukken"]
    assert first.status == Campaign.Status.DRAFT


def test_the_welcome_mail_is_a_newsletter_with_an_unsubscribe_link(
    coach_client, django_capture_on_commit_callbacks
):
    write_series(coach_client)
    SubscriberFactory(email="nieuw@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.start_welcome_mails() == 1  # day 0 only

    [welcome] = [m for m in mail.outbox if m.subject == "Welkom!"]
    assert "Fijn dat je er bent." in welcome.body
    one_click = welcome.extra_headers["List-Unsubscribe-Post"]
    assert one_click == "List-Unsubscribe=One-Click"
