from django.utils.translation import gettext_lazy as _

from core.forms import EmailAddressField
from core.protection import ProtectedForm


class SignInForm(ProtectedForm):
    purpose = "client-sign-in"

    email = EmailAddressField(
        label=_("Your e-mail address"),
        help_text=_("The address you booked or subscribed with."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
