"""The mails of cards and vouchers; a voucher travels as a PDF to print."""

from email.mime.application import MIMEApplication

from core.addresses import absolute_reverse
from core.emails import send_templated_email
from prepaid import vouchers
from prepaid.links import card_url, voucher_url


def send_card(card):
    send_templated_email(
        "prepaid/emails/card",
        {"card": card, "card_url": card_url(card)},
        to=card.email,
        language=card.language,
    )


def voucher_part(voucher):
    part = MIMEApplication(vouchers.pdf(voucher), "pdf")
    part.add_header("Content-Disposition", "attachment", filename=vouchers.FILE_NAME)
    return part


def send_voucher(voucher):
    """To the buyer: the voucher to print or pass on, and its page."""
    send_templated_email(
        "prepaid/emails/voucher",
        {"voucher": voucher, "voucher_url": voucher_url(voucher)},
        to=voucher.buyer_email,
        language=voucher.language,
        attachments=[voucher_part(voucher)],
    )


def send_voucher_to_recipient(voucher):
    redeem_url = absolute_reverse("prepaid:redeem", language=voucher.language)
    send_templated_email(
        "prepaid/emails/voucher_gift",
        {"voucher": voucher, "redeem_url": redeem_url},
        to=voucher.recipient_email,
        language=voucher.language,
        attachments=[voucher_part(voucher)],
    )
