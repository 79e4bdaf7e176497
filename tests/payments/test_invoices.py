"""Invoices and credit notes as Dutch law wants them, numbered without gaps."""

import contextlib
import csv
import io
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import connection

from core.models import SiteProfile
from payments import invoices, services
from payments.models import Invoice, Payment
from tests.booking.factories import at, next_weekday
from tests.payments.mollie import book_and_pay


@pytest.fixture
def profile(db):
    profile = SiteProfile.get_solo()
    profile.coach_name = "Marieke de Coach"
    profile.site_name = "Praktijk Samen"
    profile.business_address = "Keizersgracht 1\n1015 AA Amsterdam"
    profile.kvk_number = "12345678"
    profile.vat_number = "NL001234567B01"
    profile.contact_email = "praktijk@example.com"
    profile.save()
    return profile


def pdf_text(content):
    """The text of a PDF made with the built-in fonts (uncompressed streams)."""
    import zlib

    text = []
    for chunk in content.split(b"stream\n")[1:]:
        stream = chunk.split(b"\nendstream")[0]
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
        text.append(stream.decode("latin-1"))
    return "".join(text)


def test_paying_issues_a_numbered_invoice_with_every_detail_and_mails_it(
    client, mollie, paid_type, capture, profile, queue, mailoutbox
):
    booking = book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    queue.run()

    invoice = Invoice.objects.get()
    year = invoice.issued_on.year
    assert invoice.number == f"{year}-0001"
    assert invoice.kind == Invoice.Kind.INVOICE
    assert (invoice.amount_excluding_vat, invoice.vat_rate, invoice.vat_amount) == (
        Decimal("78.51"),
        Decimal("21.0"),
        Decimal("16.49"),
    )
    assert invoice.total == Decimal("95.00")
    assert invoice.seller["kvk"] == "12345678"
    assert invoice.buyer_name == booking.name
    assert invoice.description.startswith("Individuele sessie, ")
    message = next(m for m in mailoutbox if m.subject == f"Factuur {invoice.number}")
    (part,) = message.attachments
    assert part.get_filename() == f"factuur-{invoice.number}.pdf"
    assert part.get_content_type() == "application/pdf"
    text = pdf_text(part.get_payload(decode=True))
    for shown in (invoice.number, "Marieke de Coach", "Keizersgracht 1",
                  "KvK-nummer: 12345678", "Btw-nummer: NL001234567B01",
                  "Anouk de Vries", "EUR 78,51", "Btw 21%", "EUR 16,49",
                  "EUR 95,00"):  # fmt: skip
        assert shown in text, shown


@pytest.mark.parametrize(
    ("regime", "ground", "note"),
    [
        ("kor", "", "kleineondernemersregeling"),
        ("exempt", "art. 11, lid 1, onderdeel g, Wet OB 1968", "onderdeel g"),
    ],
)
def test_without_vat_the_invoice_says_why(
    client, mollie, paid_type, capture, profile, regime, ground, note
):
    profile.vat_regime, profile.vat_exemption_ground = regime, ground
    profile.save()

    book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)

    invoice = Invoice.objects.get()
    assert (invoice.vat_rate, invoice.vat_amount) == (Decimal(0), Decimal(0))
    assert invoice.amount_excluding_vat == invoice.total == Decimal("95.00")
    assert note in invoice.vat_note
    assert note in pdf_text(invoices.pdf(invoice))


def test_a_refund_makes_a_credit_note_that_corrects_the_invoice(
    client, mollie, paid_type, capture, profile, queue
):
    book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    payment = Payment.objects.get()

    with capture(execute=True):
        services.refund(payment=payment, amount=Decimal("40"), reason="Gebaar")
    queue.run()

    invoice, credit_note = Invoice.objects.order_by("sequence")
    assert credit_note.kind == Invoice.Kind.CREDIT_NOTE
    assert credit_note.sequence == invoice.sequence + 1
    assert credit_note.total == Decimal("-40.00")
    assert credit_note.vat_amount == Decimal("-6.94")
    assert invoice.number in pdf_text(invoices.pdf(credit_note))
    assert [r["amount"]["value"] for r in mollie.refunds.values()] == ["40.00"]
    # What is left may be refunded, not more.
    with capture(execute=True):
        rest = services.refund(payment=payment, amount=Decimal("100"), reason="Rest")
        assert services.refund(payment=payment, amount=1, reason="Te veel") is None
    assert rest.amount == Decimal("55.00")


def test_the_client_and_the_coach_download_the_invoice(
    client, admin_client, mollie, paid_type, capture, profile
):
    booking = book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    invoice = Invoice.objects.get()
    from booking.links import manage_token

    token = manage_token(booking)
    manage = client.get(f"/afspraak/beheer/{token}/").content.decode()
    mine = client.get(f"/afspraak/beheer/{token}/factuur-{invoice.number}.pdf")
    other = client.get(f"/afspraak/beheer/{token}/factuur-2000-0001.pdf")
    in_admin = admin_client.get(f"/admin/payments/invoice/{invoice.pk}/pdf/")

    assert f"factuur-{invoice.number}.pdf" in manage
    assert mine["Content-Type"] == in_admin["Content-Type"] == "application/pdf"
    assert mine.content.startswith(b"%PDF")
    assert other.status_code == 404


def test_the_bookkeeper_gets_invoices_and_credit_notes_as_numbers(
    client, admin_client, mollie, paid_type, capture, profile
):
    book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    with capture(execute=True):
        services.refund(payment=Payment.objects.get(), amount=95, reason="Annulering")

    response = admin_client.post(
        "/admin/payments/invoice/",
        {"action": "export_csv", "_selected_action": Invoice.objects.values_list(
            "pk", flat=True)},
    )  # fmt: skip

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["kind"], row["total"], row["vat"]) for row in rows] == [
        ("invoice", "95.00", "16.49"),
        ("credit_note", "-95.00", "-16.49"),
    ]
    assert rows[0]["mollie_id"].startswith("tr_")


@pytest.mark.django_db(transaction=True)
def test_invoice_numbers_stay_gapless_under_twenty_concurrent_payments(profile):
    payments = [
        Payment.objects.create(
            purpose="test", reference=number, amount=95, description=f"Sessie {number}",
            name=f"Cliënt {number}", email=f"client{number}@example.com",
        )
        for number in range(20)
    ]  # fmt: skip

    def pay(payment):
        try:
            return services.apply(
                payment.pk, {"status": "paid", "id": f"tr_{payment.pk}"}
            )
        finally:
            connection.close()  # the thread's own: the test database must be dropped

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(pay, payments + payments))  # each twice: a repeated webhook

    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 21))
    assert Payment.objects.filter(status="paid").count() == 20


def test_a_privacy_erase_keeps_the_invoice_the_law_asks_for(
    client, mollie, paid_type, capture, profile
):
    from coachsite.privacy import erase, personal_data

    book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    exported = personal_data("anouk@example.com")

    counts = erase("anouk@example.com")

    invoice = Invoice.objects.get()
    assert [row["number"] for row in exported["invoices"]] == [invoice.number]
    assert exported["payments"][0]["status"] == "paid"
    assert counts["payments anonymised"] == 1
    assert (invoice.buyer_name, invoice.buyer_email) == ("Anouk de Vries", "")
    assert Payment.objects.get().email == ""
    assert invoice.total == Decimal("95.00")
