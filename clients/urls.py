from django.urls import path
from django.utils.translation import gettext_lazy as _

from clients import views

app_name = "clients"

urlpatterns = [
    path("", views.start, name="start"),
    path(_("sign-in/<str:token>/"), views.sign_in, name="sign_in"),
    path(_("sign-out/"), views.sign_out, name="sign_out"),
    path(_("invoice-<str:number>.pdf"), views.invoice, name="invoice"),
]
