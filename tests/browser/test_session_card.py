"""A client signs in to "Mijn afspraken", buys a session card on (the stand-in
for) Mollie's checkout, books a session with a credit and cancels it in time:
the credit returns to the card."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from booking.models import Booking
from payments.fake import FakeMollie
from prepaid.models import Package, SessionCard
from tests.booking.factories import BookingFactory, SessionTypeFactory, open_on
from tests.browser.test_booking import received, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mollie(settings, live_server):
    with FakeMollie() as fake:
        settings.MOLLIE_API_KEY = "test_coachsitecoachsitecoachsite12"
        settings.MOLLIE_API_URL = fake.url
        settings.SITE_URL = live_server.url  # where Mollie's webhooks go
        yield fake


def test_sign_in_buy_a_card_book_with_a_credit_and_cancel_in_time(
    page, mollie, demo_site, smtp_server, worker, settings
):
    settings.FORMS_MIN_SECONDS = 1
    open_on()
    session_type = SessionTypeFactory(
        name="Individuele sessie", slug="individueel", price=95,
        free_cancellation_hours=24,  # the first free time is more than a day away
    )  # fmt: skip
    package = Package.objects.create(
        name="Vijf sessies", slug="vijf-sessies", sessions=5, price=425
    )
    package.session_types.add(session_type)
    BookingFactory(  # an earlier session: the site knows her address
        session_type=session_type,
        email="anouk@example.com",
        starts_at=timezone.now() - timedelta(days=30),
        status=Booking.Status.COMPLETED,
    )

    # Signing in: a link by e-mail, used once.
    page.goto("/mijn-afspraken/")
    page.wait_for_timeout(1100)
    page.fill("#id_email", "anouk@example.com")
    page.click("main button[type=submit]")
    worker.run()
    [mail] = received(smtp_server, "anouk@example.com")
    page.goto(urlsplit(re.search(r"https?://\S+/inloggen/\S+/", text_of(mail))[0]).path)
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Mijn afspraken"

    # Buying the card, through the footer's link.
    page.click("footer >> text=Strippenkaarten")
    page.click("text=Deze kaart kopen")
    page.wait_for_timeout(1100)
    page.fill("#id_name", "Anouk de Vries")
    page.fill("#id_email", "anouk@example.com")
    page.check("#id_consent")
    assert not page.locator("#id_early_start").is_checked()
    page.check("#id_early_start")
    page.click("main button[type=submit]")
    assert page.url.startswith(f"{mollie.url}/checkout/tr_")
    page.click("text=Paid")

    assert "Nog 5 sessies over" in page.locator("main").inner_text()
    card = SessionCard.objects.get()
    assert card.balance == 5

    # Booking with a credit: nothing to pay.
    page.click("main >> text=Kies een tijd")
    page.click("a[rel=next]")  # next week: tomorrow's first time could pass its
    page.wait_for_url("**?from=**")  # notice while the form is filled in
    page.locator(".times a").first.click()
    assert "Betaald met je strippenkaart" in page.locator("main").inner_text()
    page.wait_for_timeout(1100)
    assert page.input_value("#id_email") == "anouk@example.com"
    page.check("#id_consent")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Je afspraak staat"
    card.refresh_from_db()
    assert card.balance == 4

    # Her page shows the card and the session; she cancels in time.
    page.goto("/mijn-afspraken/")
    main = page.locator("main").inner_text()
    assert "Vijf sessies" in main and "Nog 4 sessies over" in main
    page.click("text=Verzetten, annuleren of in mijn agenda zetten")
    page.click("text=Deze afspraak annuleren")
    page.click("text=Ja, annuleren")
    assert "Je afspraak is geannuleerd" in page.locator(".messages").inner_text()

    card.refresh_from_db()
    assert card.balance == 5
    assert [entry.kind for entry in card.entries.all()] == [
        "bought",
        "used",
        "returned",
    ]
    assert len(mollie.payments) == 1  # the card's; the session cost nothing online
