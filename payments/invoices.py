"""Invoices and credit notes as Dutch law wants them (art. 35a Wet OB 1968): a
number from one unbroken sequence, the date, the coach's name, address, KvK and
VAT numbers, the client, the service and its date, the amount without VAT, the
VAT rate and amount, and the total; without VAT, the reason there is none."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from core.models import SiteProfile
from payments.models import Invoice, InvoiceSequence

CENT = Decimal("0.01")
STANDARD_RATE = Decimal(21)


def vat_note(profile):
    """The sentence an invoice without VAT must carry, in the invoice's language."""
    if profile.vat_regime == SiteProfile.VatRegime.SMALL_BUSINESS:
        return _("Exempt from VAT under the small business scheme (KOR).")
    if profile.vat_regime == SiteProfile.VatRegime.EXEMPT:
        ground = profile.vat_exemption_ground or _("the Dutch VAT Act")
        return _("Exempt from VAT under %(ground)s.") % {"ground": ground}
    return ""


def split_vat(total: Decimal, rate: Decimal) -> tuple[Decimal, Decimal]:
    """(amount without VAT, VAT) of a price that includes VAT at `rate` %."""
    without = (total * 100 / (100 + rate)).quantize(CENT, ROUND_HALF_UP)
    return without, total - without


def seller(profile):
    return {
        "name": profile.coach_name or profile.site_name,
        "trade_name": profile.site_name,
        "address": profile.business_address,
        "kvk": profile.kvk_number,
        "vat_number": profile.vat_number,
        "email": profile.contact_email,
    }


def next_number(year):
    """The next number of `year` (inside the issuing transaction, row-locked)."""
    InvoiceSequence.objects.bulk_create(
        [InvoiceSequence(year=year)], ignore_conflicts=True
    )
    sequence = InvoiceSequence.objects.select_for_update().get(year=year)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


@transaction.atomic
def issue(*, payment, total, refund=None) -> Invoice:
    """An invoice for `payment` (or, with `refund`, a credit note of a negative
    `total`), under the VAT regime the coach has set today."""
    profile = SiteProfile.get_solo()
    today = timezone.localdate()
    rate = STANDARD_RATE
    if profile.vat_regime != SiteProfile.VatRegime.STANDARD:
        rate = Decimal(0)
    without, vat = split_vat(total, rate)
    sequence = next_number(today.year)
    with translation.override(payment.language):
        note = vat_note(profile)
        description = payment.description
        if refund is not None:
            description = _("Refund: %(what)s") % {"what": description}
    return Invoice.objects.create(
        number=f"{today.year}-{sequence:04d}",
        year=today.year,
        sequence=sequence,
        kind=Invoice.Kind.CREDIT_NOTE if refund else Invoice.Kind.INVOICE,
        payment=payment,
        refund=refund,
        issued_on=today,
        seller=seller(profile),
        buyer_name=payment.name,
        buyer_email=payment.email,
        description=description[:255],
        amount_excluding_vat=without,
        vat_rate=rate,
        vat_amount=vat,
        total=total,
        vat_note=note,
    )


class Document(FPDF):
    """A PDF in the built-in fonts, which know Windows-1252 (curly quotes, dashes)
    and nothing beyond: a name or message with other letters, or an emoji, gets a
    "?" for those rather than failing."""

    core_fonts_encoding = "windows-1252"

    def normalize_text(self, text):
        return text.encode(self.core_fonts_encoding, "replace").decode("latin-1")


def money(amount):
    # The PDF's built-in fonts have no euro sign; "EUR" is as clear.
    return "EUR " + formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


def seller_lines(seller):
    lines = [
        seller["name"],
        seller["trade_name"] if seller["trade_name"] != seller["name"] else "",
        *seller["address"].splitlines(),
        seller["email"],
        _("KvK number: %(number)s") % {"number": seller["kvk"]}
        if seller["kvk"]
        else "",
        _("VAT number: %(number)s") % {"number": seller["vat_number"]}
        if seller["vat_number"]
        else "",
    ]
    return [line for line in lines if line]


def facts(invoice):
    found = [
        (_("Invoice number"), invoice.number),
        (_("Date"), formats.date_format(invoice.issued_on, "j F Y")),
        (_("Client"), invoice.buyer_name),
    ]
    if invoice.kind == Invoice.Kind.CREDIT_NOTE:
        corrected = invoice.payment.invoices.filter(kind=Invoice.Kind.INVOICE).first()
        if corrected is not None:
            found.append((_("Corrects invoice"), corrected.number))
    return found


def pdf(invoice) -> bytes:
    """The invoice as an A4 PDF, in the client's language."""
    with translation.override(invoice.payment.language):
        document = Document(format="A4")
        document.set_title(str(invoice))
        document.set_author(invoice.seller["name"])
        document.set_margins(20, 20, 20)
        document.add_page()
        document.set_font("helvetica", "B", 18)
        document.cell(0, 12, str(invoice), new_x="LMARGIN", new_y="NEXT")
        document.set_font("helvetica", size=10)
        for line in seller_lines(invoice.seller):
            document.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        document.ln(6)
        for label, value in facts(invoice):
            document.set_font("helvetica", "B", 10)
            document.cell(45, 6, label)
            document.set_font("helvetica", size=10)
            document.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        document.ln(6)
        rate = formats.number_format(invoice.vat_rate, 0)
        with document.table(col_widths=(110, 60), text_align=("LEFT", "RIGHT")) as rows:
            rows.row([_("Description"), _("Amount")])
            rows.row([invoice.description, money(invoice.amount_excluding_vat)])
            rows.row([_("VAT %(rate)s %%") % {"rate": rate}, money(invoice.vat_amount)])
            rows.row([_("Total"), money(invoice.total)])
        if invoice.vat_note:
            document.ln(4)
            document.multi_cell(0, 5, invoice.vat_note)
        if invoice.kind == Invoice.Kind.INVOICE and invoice.payment.paid_at:
            paid_on = timezone.localtime(invoice.payment.paid_at)
            thanks = _("Paid online on %(date)s. Thank you.") % {
                "date": formats.date_format(paid_on, "j F Y")
            }
            document.ln(2)
            document.multi_cell(0, 5, thanks)
        return bytes(document.output())
