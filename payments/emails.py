"""The e-mails payments sends itself: an invoice or credit note, as a PDF."""

from email.mime.application import MIMEApplication

from core.emails import send_templated_email
from payments import invoices


def send_invoice(invoice):
    part = MIMEApplication(invoices.pdf(invoice), "pdf")
    part.add_header("Content-Disposition", "attachment", filename=invoice.file_name)
    send_templated_email(
        "payments/emails/invoice",
        {"invoice": invoice},
        to=invoice.buyer_email,
        language=invoice.payment.language,
        attachments=[part],
    )
