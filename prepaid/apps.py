from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrepaidConfig(AppConfig):
    name = "prepaid"
    verbose_name = _("Session cards and gift vouchers")
