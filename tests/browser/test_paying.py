"""A client pays a session with iDEAL on (the stand-in for) Mollie's checkout, gets
the confirmation and the invoice by mail, and cancels in time for a full refund."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest

from booking.models import Booking
from payments.fake import FakeMollie
from payments.models import Invoice, Payment, Refund
from tests.booking.factories import SessionTypeFactory, open_on
from tests.browser.test_booking import received as mails_to
from tests.browser.test_booking import text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def mollie(settings, live_server):
    with FakeMollie() as fake:
        settings.MOLLIE_API_KEY = "test_coachsitecoachsitecoachsite12"
        settings.MOLLIE_API_URL = fake.url
        settings.SITE_URL = live_server.url  # where Mollie's webhooks go
        yield fake


def test_pay_with_ideal_get_the_invoice_and_cancel_for_a_refund(
    page, mollie, demo_site, smtp_server, worker, settings
):
    settings.FORMS_MIN_SECONDS = 1
    open_on()
    SessionTypeFactory(
        name="Individuele sessie", slug="individueel", price=95,
        free_cancellation_hours=24,  # the first free time is more than a day away
    )  # fmt: skip

    page.goto("/afspraak/individueel/")
    page.click("a[rel=next]")  # next week: tomorrow's first time could pass its
    page.wait_for_url("**?from=**")  # notice while the form is filled in
    page.locator(".times a").first.click()
    assert (
        "Bestellen en betalen" in page.locator("main button[type=submit]").inner_text()
    )
    page.wait_for_timeout(1100)
    page.fill("#id_name", "Anouk de Vries")
    page.fill("#id_email", "anouk@example.com")
    page.check("#id_consent")
    if page.locator("#id_early_start").count():  # within the 14 days
        assert not page.locator("#id_early_start").is_checked()
        page.check("#id_early_start")
    page.click("main button[type=submit]")

    # Mollie's checkout (the stand-in's), where the client's bank says yes.
    assert page.url.startswith(f"{mollie.url}/checkout/tr_")
    assert Booking.objects.get().status == Booking.Status.HELD
    page.click("text=Paid")

    assert page.locator("h1").inner_text() == "Je afspraak staat"
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED
    payment = Payment.objects.get()
    assert (payment.status, payment.amount) == ("paid", Decimal("95.00"))

    # The confirmation and the invoice reach a real SMTP server.
    worker.run()
    mails = mails_to(smtp_server, "anouk@example.com")
    subjects = [message["Subject"] for message in mails]
    invoice = Invoice.objects.get()
    assert f"Factuur {invoice.number}" in subjects
    invoice_mail = mails[subjects.index(f"Factuur {invoice.number}")]
    [pdf] = [
        p for p in invoice_mail.walk() if p.get_content_type() == "application/pdf"
    ]
    assert pdf.get_filename() == f"factuur-{invoice.number}.pdf"
    assert pdf.get_payload(decode=True).startswith(b"%PDF")
    confirmation = next(m for m in mails if "bevestigd" in m["Subject"].lower())
    body = text_of(confirmation)
    manage_path = urlsplit(
        re.search(r"https?://\S+/afspraak/beheer/\S+/", body)[0]
    ).path

    # Cancel in time: the policy gives everything back, at once.
    page.goto(manage_path)
    page.click("text=Deze afspraak annuleren")
    assert "Je krijgt € 95,00 terug" in page.locator("main").inner_text()
    page.click("text=Ja, annuleren")
    assert "Je afspraak is geannuleerd" in page.locator(".messages").inner_text()
    worker.run()

    refund = Refund.objects.get()
    assert (refund.amount, refund.status) == (Decimal("95.00"), "pending")
    assert [r["amount"]["value"] for r in mollie.refunds.values()] == ["95.00"]
    subjects = [m["Subject"] for m in mails_to(smtp_server, "anouk@example.com")]
    credit_note = Invoice.objects.get(kind=Invoice.Kind.CREDIT_NOTE)
    assert f"Creditnota {credit_note.number}" in subjects
