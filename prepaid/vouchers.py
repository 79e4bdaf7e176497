"""A gift voucher as a PDF to print or pass on: who it is for, its value, its
code and how to use it."""

from django.utils import formats, translation
from django.utils.translation import gettext as _

from core.addresses import absolute_reverse
from core.models import SiteProfile
from payments.invoices import Document, money

FILE_NAME = "cadeaubon.pdf"


def pdf(voucher) -> bytes:
    profile = SiteProfile.get_solo()
    with translation.override(voucher.language):
        redeem_url = absolute_reverse("prepaid:redeem", language=voucher.language)
        document = Document(orientation="landscape", format=(148, 210))  # A5
        document.set_title(_("Gift voucher"))
        document.set_author(profile.coach_name or profile.site_name)
        document.set_margins(20, 18, 20)
        document.add_page()
        document.set_font("helvetica", size=11)
        document.cell(0, 6, profile.site_name, new_x="LMARGIN", new_y="NEXT")
        document.set_font("helvetica", "B", 26)
        document.cell(0, 16, _("Gift voucher"), new_x="LMARGIN", new_y="NEXT")
        document.set_font("helvetica", size=12)
        if voucher.recipient_name:
            line = _("For %(name)s") % {"name": voucher.recipient_name}
            document.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
        document.multi_cell(0, 7, voucher.description, new_x="LMARGIN", new_y="NEXT")
        document.set_font("helvetica", "B", 14)
        document.cell(0, 10, money(voucher.amount), new_x="LMARGIN", new_y="NEXT")
        if voucher.message:
            document.set_font("helvetica", "I", 11)
            document.multi_cell(0, 6, voucher.message, new_x="LMARGIN", new_y="NEXT")
        document.ln(4)
        document.set_font("courier", "B", 18)
        document.cell(0, 10, voucher.display_code, new_x="LMARGIN", new_y="NEXT")
        document.set_font("helvetica", size=10)
        valid = formats.date_format(voucher.valid_until, "j F Y")
        how = _(
            "Book a session at %(url)s with this code. Valid until %(date)s; "
            "what you do not use at once stays on the voucher."
        ) % {"url": redeem_url, "date": valid}
        document.multi_cell(0, 5, how)
        return bytes(document.output())
