"""The links to a bought card or voucher: its own page, from the mails."""

from core.addresses import absolute_reverse
from core.links import LinkPurpose, by_key
from prepaid.models import GiftVoucher, SessionCard


def find_card(key):
    return by_key(SessionCard.objects.select_related("package"), key)


def find_voucher(key):
    return by_key(GiftVoucher.objects.all(), key)


# The card's page: its credits, its sessions, and booking with it.
CARD = LinkPurpose("session-card", find=find_card)
# The buyer's page of a voucher: paying for it, the PDF, withdrawing.
VOUCHER = LinkPurpose("gift-voucher", find=find_voucher)


def card_url(card):
    return absolute_reverse(
        "prepaid:card", language=card.language, kwargs={"token": card_token(card)}
    )


def card_token(card):
    return CARD.token(str(card.key))


def voucher_token(voucher):
    return VOUCHER.token(str(voucher.key))


def voucher_url(voucher):
    return absolute_reverse(
        "prepaid:voucher",
        language=voucher.language,
        kwargs={"token": voucher_token(voucher)},
    )


# Books with a voucher: made when its code is entered, so the code itself never
# travels in an address.
REDEEM = LinkPurpose("gift-voucher-redeem", find=find_voucher, max_age=24 * 60 * 60)
