from django import forms
from django.utils.translation import gettext_lazy as _

from core.protection import ProtectedForm


class SignInForm(ProtectedForm):
    purpose = "client-sign-in"

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("The address you booked or subscribed with."),
        error_messages={"invalid": _("This is not an e-mail address we can send to.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
