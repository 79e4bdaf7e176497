from django.urls import path
from django.utils.translation import gettext_lazy as _

from prepaid import views

app_name = "prepaid"

urlpatterns = [
    path(_("session-cards/"), views.cards, name="cards"),
    path(_("session-cards/card/<str:token>/"), views.card, name="card"),
    path(
        _("session-cards/card/<str:token>/withdraw/"),
        views.withdraw_card,
        name="withdraw_card",
    ),
    path(
        _("session-cards/card/<str:token>/<slug:slug>/"),
        views.plan_with_card,
        name="plan_with_card",
    ),
    path(_("session-cards/<slug:slug>/"), views.buy_card, name="buy_card"),
    path(_("gift-vouchers/"), views.buy_voucher, name="buy_voucher"),
    path(_("gift-vouchers/redeem/"), views.redeem, name="redeem"),
    path(_("gift-vouchers/redeem/<str:token>/"), views.redeem_with, name="redeem_with"),
    path(
        _("gift-vouchers/redeem/<str:token>/<slug:slug>/"),
        views.plan_with_voucher,
        name="plan_with_voucher",
    ),
    path(_("gift-vouchers/voucher/<str:token>/"), views.voucher, name="voucher"),
    path(
        _("gift-vouchers/voucher/<str:token>/gift-voucher.pdf"),
        views.voucher_pdf,
        name="voucher_pdf",
    ),
    path(
        _("gift-vouchers/voucher/<str:token>/withdraw/"),
        views.withdraw_voucher,
        name="withdraw_voucher",
    ),
]
