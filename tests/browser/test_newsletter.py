"""Subscribe, confirm from the mail, and later leave with one click."""

import re

import pytest
from django.core import mail

from newsletter import services
from newsletter.models import Subscriber
from tests.newsletter.factories import CampaignFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message, path):
    return re.search(rf"https?://[^/\s]+({path}\S+/)", message.body)[1]


def test_subscribe_confirm_and_unsubscribe(page, demo_site, settings):
    settings.FORMS_MIN_SECONDS = 1
    page.goto("/nieuwsbrief/")
    page.wait_for_timeout(1100)
    page.fill("#id_email", "anouk@example.com")
    page.fill("#id_first_name", "Anouk")
    page.check("#id_consent")
    page.click("main button[type=submit]")

    assert page.locator("h1").inner_text() == "Bijna klaar: kijk in je inbox"
    (confirmation,) = mail.outbox
    page.goto(link_in(confirmation, "/nieuwsbrief/bevestigen/"))
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Je bent ingeschreven"
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    services.schedule_campaign(campaign=CampaignFactory())
    newsletter = mail.outbox[-1]
    assert newsletter.to == ["anouk@example.com"]
    page.goto(link_in(newsletter, "/nieuwsbrief/afmelden/"))
    page.click("main button[type=submit]")

    assert page.locator("h1").inner_text() == "Je bent afgemeld"
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
