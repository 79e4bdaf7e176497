"""Click counting: off by default (links go straight to where they point); once
the coach switches it on, links pass through the site, which notes each reader's
first click, and the privacy statement says so."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from core.models import SiteProfile
from newsletter.models import Campaign, Delivery
from newsletter.tasks import send_campaign
from tests.html import parse
from tests.newsletter.factories import CampaignFactory, SubscriberFactory

pytestmark = pytest.mark.django_db

BODY = '<p>Lees <a href="https://example.org/artikel?x=1&amp;y=2">dit stuk</a>.</p>'


def count_clicks(on):
    profile = SiteProfile.get_solo()
    profile.count_clicks = on
    profile.save()


def html_of(message):
    return next(p for p in message.walk() if p.get_content_type() == "text/html")


def links_in(message):
    html = html_of(message).get_payload(decode=True).decode()
    return [a["href"] for a in BeautifulSoup(html, "html.parser").find_all("a")]


def send_to(smtp_server, *emails):
    for email in emails:
        SubscriberFactory(email=email)
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED, body=BODY)
    send_campaign.call(campaign.pk)
    return smtp_server.mailbox.by_recipient()


def test_without_click_counting_links_go_straight_and_the_statement_says_so(
    smtp_server, client, demo_site
):
    received = send_to(smtp_server, "anouk@example.com")

    links = links_in(received["anouk@example.com"][0])
    assert "https://example.org/artikel?x=1&y=2" in links
    assert not any("/klik/" in link for link in links)
    privacy = parse(client.get("/privacy/")).get_text()
    assert "de links erin gaan rechtstreeks naar hun bestemming" in privacy


def test_counted_clicks_are_noted_once_and_go_on(smtp_server, client, demo_site):
    count_clicks(True)
    received = send_to(smtp_server, "anouk@example.com", "bas@example.com")

    [counted] = [
        link for link in links_in(received["anouk@example.com"][0]) if "/klik/" in link
    ]
    path = re.sub(r"^http://localhost:8000", "", counted)
    first = client.get(path)
    assert first.status_code == 302
    assert first["Location"] == "https://example.org/artikel?x=1&y=2"
    client.get(path)  # a second click counts no more

    delivery = Delivery.objects.get(subscriber__email="anouk@example.com")
    assert delivery.clicked_at is not None
    other = Delivery.objects.get(subscriber__email="bas@example.com")
    assert other.clicked_at is None
    [campaign] = Campaign.objects.with_figures()
    clicked = {figure.name: figure for figure in campaign.figures()}["clicked"]
    assert (clicked.count, clicked.percent) == (1, 50.0)
    # The unsubscribe link stays the subscriber's own, straight to the site.
    unsubscribe = html_of(received["anouk@example.com"][0])
    assert "/nieuwsbrief/afmelden/" in unsubscribe.get_payload(decode=True).decode()
    privacy = parse(client.get("/privacy/")).get_text()
    assert "gaan wel eerst langs deze website" in privacy


def test_only_links_the_site_signed_lead_anywhere(smtp_server, client, demo_site):
    count_clicks(True)
    received = send_to(smtp_server, "anouk@example.com")
    [counted] = [
        link for link in links_in(received["anouk@example.com"][0]) if "/klik/" in link
    ]
    forged = re.sub(r"u=[^&]+", "u=https%3A%2F%2Fevil.example%2F", counted)

    response = client.get(re.sub(r"^http://localhost:8000", "", forged))

    assert response.status_code == 404
    assert Delivery.objects.get().clicked_at is None


def test_the_coach_switches_it_on_in_the_settings(admin_client):
    page = parse(admin_client.get(reverse("admin:core_siteprofile_change")))
    assert page.find("input", attrs={"name": "count_clicks", "type": "checkbox"})
    assert SiteProfile.get_solo().count_clicks is False
