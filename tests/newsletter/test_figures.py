"""Honest figures per mailing: what was sent, delivered, bounced, marked as spam
and unsubscribed, counted from what the mail server and the readers did."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsletter import services
from newsletter.models import Campaign, Delivery, Subscriber
from newsletter.tasks import send_campaign
from tests.html import parse
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach_client(client, coach_group):
    coach = get_user_model().objects.create_user("coach", is_staff=True)
    coach.groups.add(coach_group)
    client.force_login(coach)
    return client


def send(campaign):
    while campaign.status != Campaign.Status.SENT:
        send_campaign.call(campaign.pk)
        campaign.refresh_from_db()


def figures_on(page):
    """{label: (number, share)} as the figures table shows them."""
    table = parse(page).find("table", class_="figures")
    rows = {}
    for row in table.tbody.find_all("tr"):
        number, share = (cell.get_text(strip=True) for cell in row.find_all("td"))
        rows[row.th.get_text(strip=True)] = (int(number), share)
    return rows


def unsubscribe_link(message):
    return re.search(r"<(.+)>", message["List-Unsubscribe"]).group(1)


def test_the_campaign_page_shows_what_happened_to_a_mailing(
    smtp_server, coach_client, client, settings
):
    readers = [SubscriberFactory(email=f"lezer{n}@example.com") for n in range(20)]
    smtp_server.mailbox.refuse["lezer3@example.com"] = "550 5.1.1 No such user"
    smtp_server.mailbox.refuse["lezer7@example.com"] = "550 5.1.1 Mailbox unknown"
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED, subject="Winter")

    send(campaign)
    # One reader unsubscribes with the link in the mail; the coach marks one as spam.
    received = smtp_server.mailbox.by_recipient()
    client.post(
        unsubscribe_link(received["lezer11@example.com"][0]),
        {"List-Unsubscribe": "One-Click"},
    )
    services.mark_complained(subscriber=readers[12])

    page = coach_client.get(
        reverse("admin:newsletter_campaign_change", args=[campaign.pk])
    )
    figures = figures_on(page)
    assert figures["Verstuurd"] == (20, "")
    assert figures["Bezorgd"] == (18, "90,0 %")
    assert figures["Onbestelbaar"] == (2, "10,0 %")
    assert figures["Als spam gemarkeerd"] == (1, "5,6 %")
    assert figures["Afgemeld"] == (1, "5,6 %")
    # Far above 0.3 %: the coach is told what that means.
    warning = parse(page).find(class_="errornote").get_text()
    assert "Meer dan 0,3 % van" in warning and "Gmail en Yahoo" in warning

    dashboard = coach_client.get(reverse("admin:index"))
    assert figures_on(dashboard)["Onbestelbaar"] == (2, "10,0 %")
    assert Subscriber.objects.get(pk=readers[11].pk).status == "unsubscribed"


def test_a_later_report_and_a_second_unsubscribe_are_not_counted_twice(smtp_server):
    reader = SubscriberFactory()
    first = CampaignFactory(status=Campaign.Status.SCHEDULED)
    send(first)
    services.unsubscribe(subscriber=reader)
    services.unsubscribe(subscriber=reader)  # a second click changes nothing

    [campaign] = Campaign.objects.with_figures()
    assert (campaign.sent, campaign.delivered, campaign.unsubscribed) == (1, 1, 1)
    delivery = Delivery.objects.get()
    assert delivery.outcome == Delivery.Outcome.UNSUBSCRIBED


def test_a_calm_mailing_raises_no_alarm(smtp_server):
    for n in range(400):
        SubscriberFactory(email=f"lezer{n}@example.com")
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED)
    send(campaign)
    services.mark_complained(subscriber=Subscriber.objects.first())

    [campaign] = Campaign.objects.with_figures()
    complained = {figure.name: figure for figure in campaign.figures()}["complained"]
    assert (complained.count, complained.worrying) == (1, False)  # 0.25 %


def test_the_campaign_page_counts_the_figures_once(smtp_server, coach_client):
    for n in range(3):
        SubscriberFactory(email=f"lezer{n}@example.com")
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED)
    send(campaign)

    with CaptureQueriesContext(connection) as queries:
        page = coach_client.get(
            reverse("admin:newsletter_campaign_change", args=[campaign.pk])
        )

    assert figures_on(page)["Verstuurd"] == (3, "")
    counting = [q["sql"] for q in queries if 'COUNT("newsletter_delivery"' in q["sql"]]
    assert len(counting) == 1, counting
