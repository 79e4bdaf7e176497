from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from booking.forms import BookingForm
from booking.models import SessionType
from core.forms import EmailAddressField, NameField
from core.protection import ProtectedForm
from prepaid.models import clean_code


class BuyerForm(ProtectedForm):
    name = NameField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Please give your name.")},
    )
    email = EmailAddressField(
        label=_("Your e-mail"),
        help_text=_("The confirmation and the invoice go to this address."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are used for this order."),
        error_messages={"required": _("Please tick this box to order.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)


class CardForm(BuyerForm):
    purpose = "session-card"

    # EU law: the sessions may start within the 14 days of withdrawal only at
    # the client's express request; the box is never ticked beforehand.
    early_start = forms.BooleanField(
        label=_(
            "I ask that I may book sessions within the 14-day withdrawal period. "
            "If I withdraw, I pay for the sessions that took place."
        ),
        error_messages={
            "required": _("Please tick this box: without it no session can be booked.")
        },
    )


class VoucherForm(BuyerForm):
    purpose = "gift-voucher"

    value = forms.ChoiceField(label=_("The voucher is worth"), widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("Another amount (EUR)"),
        required=False,
        min_value=Decimal(10),
        max_value=Decimal(1000),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "decimal"}),
    )
    recipient_name = NameField(  # someone else's: not filled in by the browser
        label=_("For (the name on the voucher)"), required=False, widget=forms.TextInput
    )
    message = forms.CharField(
        label=_("A message on the voucher (if you like)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recipient_email = EmailAddressField(
        label=_("Send it by e-mail to (if you like)"),
        required=False,
        help_text=_("Otherwise you get the voucher to print or pass on yourself."),
    )
    send_on = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: as soon as it is paid."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_types = {
            f"type-{session_type.pk}": session_type
            for session_type in SessionType.objects.active().exclude(price=0)
        }
        self.fields["value"].choices = [
            *(
                (key, f"{session_type.name} (€ {number_format(session_type.price, 2)})")
                for key, session_type in self.session_types.items()
            ),
            *((str(amount), f"€ {amount}") for amount in settings.VOUCHER_AMOUNTS),
            ("other", _("Another amount")),
        ]

    def clean_send_on(self):
        day = self.cleaned_data["send_on"]
        today = timezone.localdate()
        if day and not today <= day <= today.replace(year=today.year + 1):
            raise forms.ValidationError(_("Choose a day from today to a year ahead."))
        return day

    def clean(self):
        cleaned = super().clean()
        value = cleaned.get("value")
        if value == "other" and not cleaned.get("amount"):
            self.add_error("amount", _("Please give the amount."))
        if cleaned.get("send_on") and not cleaned.get("recipient_email"):
            self.add_error(
                "recipient_email", _("Give the address to send the voucher to.")
            )
        return cleaned

    def voucher(self) -> dict:
        """What services.order_voucher takes."""
        data = self.cleaned_data
        session_type = self.session_types.get(data["value"])
        if session_type is not None:
            amount = session_type.price
            description = _("A session: %(name)s") % {"name": session_type.name}
        else:
            amount = data["amount"] if data["value"] == "other" else data["value"]
            amount = Decimal(amount)
            description = _("A gift voucher for coaching")
        return {
            "amount": amount,
            "description": str(description),
            "buyer_name": data["name"],
            "buyer_email": data["email"],
            "recipient_name": data["recipient_name"],
            "recipient_email": data["recipient_email"],
            "message": data["message"],
            "send_on": data["send_on"]
            or (timezone.localdate() if data["recipient_email"] else None),
        }


class RedeemForm(ProtectedForm):
    purpose = "redeem-voucher"

    code = forms.CharField(
        label=_("Voucher code"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Please give the code on your voucher.")},
    )

    def clean_code(self):
        return clean_code(self.cleaned_data["code"])


class PrepaidBookingForm(BookingForm):
    """The booking form, for a session paid with a card or voucher: online only
    what the voucher does not cover."""

    def __init__(self, *args, amount_due, **kwargs):
        super().__init__(*args, **kwargs)
        self.amount_due = amount_due
        self.pays_online = self.pays_online and amount_due > 0

    def booking_details(self, zone_name) -> dict:
        """What booking.services.book_session takes, besides the session type."""
        data = self.cleaned_data
        return {
            "starts_at": data["start"],
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "place": self.place_chosen,
            "intake_answers": self.intake_answers,
            "time_zone": zone_name,
            "language": get_language(),
            "early_start_text": data["early_start_text"],
            **self.partner,
        }
