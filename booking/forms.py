from datetime import UTC, datetime, timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from booking.models import WITHDRAWAL_PERIOD, Booking, SessionType
from booking.services import needs_payment
from booking.times.zones import coach_zone, known_zones
from core.forms import EmailAddressField, NameField
from core.protection import ProtectedForm

NOT_OFFERED = _("This time is not offered. Please choose a time from the list.")


def parse_instant(value):
    """An ISO 8601 moment with its offset, in UTC; None for anything else."""
    try:
        moment = datetime.fromisoformat(value or "")
    except (TypeError, ValueError):
        return None
    # Far-off years are no booking, and arithmetic on them would overflow.
    if moment.tzinfo is None or not 2000 <= moment.year <= 2999:
        return None
    return moment.astimezone(UTC)


class InstantField(forms.CharField):
    """A moment from the list of free times, as it went into the link: ISO 8601."""

    widget = forms.HiddenInput
    default_error_messages = {"required": NOT_OFFERED, "invalid": NOT_OFFERED}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        moment = parse_instant(value) if len(value) <= 40 else None
        if moment is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class BookingForm(ProtectedForm):
    purpose = "booking"

    start = InstantField()
    time_zone = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    name = NameField(label=_("Name"))
    email = EmailAddressField(
        label=_("E-mail"),
        help_text=_("Your confirmation and the video link go to this address."),
    )
    phone = forms.CharField(
        label=_("Phone (if you like)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=_("Only used if something comes up at the last minute."),
    )
    place = forms.ChoiceField(
        label=_("Where would you like to meet?"),
        choices=Booking.Place.choices,
        widget=forms.RadioSelect,
        initial=Booking.Place.ONLINE,
    )
    # Someone else's: the browser must not fill in the visitor's own.
    partner_name = NameField(
        label=_("Your partner's name"), required=False, widget=forms.TextInput
    )
    partner_email = EmailAddressField(
        label=_("Your partner's e-mail (if you like)"),
        required=False,
        widget=forms.EmailInput,
        help_text=_(
            "Your partner then gets their own confirmation and link, and can answer "
            "the questions to prepare for themselves. You do not see each other's "
            "answers."
        ),
    )
    consent = forms.BooleanField(
        label=_("I agree that my details are used to plan and prepare this session."),
        error_messages={"required": _("Please tick this box to book.")},
    )
    # EU law: only at the client's express request does a service start within
    # the withdrawal period; the box is never ticked beforehand.
    early_start = forms.BooleanField(
        label=_(
            "I ask for this session to take place within the 14-day withdrawal "
            "period, and I know that my right of withdrawal ends once it has "
            "taken place."
        ),
        required=False,
    )
    EARLY_START_TEXT = "2026-12 early start"  # the version of that label

    def __init__(self, *args, session_type: SessionType, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.session_type = session_type
        self.pays_online = needs_payment(session_type)
        if session_type.place != SessionType.Place.EITHER:
            del self.fields["place"]
        if not session_type.for_couples:
            del self.fields["partner_name"], self.fields["partner_email"]
        for number, question in enumerate(session_type.questions):
            self.fields[f"intake_{number}"] = forms.CharField(
                label=question,
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("coachsite:privacy"),
            _("Read how I handle your details"),
        )

    def asks_early_start(self, moment):
        """Whether a session at `moment` falls within the withdrawal period."""
        return (
            self.pays_online
            and moment is not None
            and moment < timezone.now() + WITHDRAWAL_PERIOD
        )

    def clean(self):
        cleaned = super().clean()
        asked = self.asks_early_start(cleaned.get("start"))
        if asked and not cleaned.get("early_start"):
            self.add_error(
                "early_start",
                _("Please tick this box, or choose a time more than 14 days away."),
            )
        cleaned["early_start_text"] = self.EARLY_START_TEXT if asked else ""
        partner = cleaned.get("partner_email", "")
        if partner and partner.lower() == cleaned.get("email", "").lower():
            self.add_error(
                "partner_email", _("Give your partner's own address, or none.")
            )
        return cleaned

    @property
    def partner(self) -> dict:
        """The partner's name and e-mail, for a couples session."""
        return {
            "partner_name": self.cleaned_data.get("partner_name", ""),
            "partner_email": self.cleaned_data.get("partner_email", ""),
        }

    @property
    def intake_fields(self):
        return [self[name] for name in self.fields if name.startswith("intake_")]

    def clean_time_zone(self):
        zone = self.cleaned_data["time_zone"]
        return zone if zone in known_zones() else ""

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not all(c in "0123456789+-() ." for c in phone):
            raise forms.ValidationError(_("Write only digits, spaces and + - ( )."))
        return phone

    @property
    def place_chosen(self):
        if self.session_type.place == SessionType.Place.EITHER:
            return self.cleaned_data["place"]
        if self.session_type.place == SessionType.Place.IN_PERSON:
            return Booking.Place.IN_PERSON
        return Booking.Place.ONLINE

    @property
    def intake_answers(self):
        """{question: answer} for the questions answered."""
        return {
            field.label: answer
            for field in self.intake_fields
            if (answer := self.cleaned_data.get(field.name, "").strip())
        }


class PartnerIntakeForm(forms.Form):
    """The partner in a couples session answers the intake questions alone."""

    consent = forms.BooleanField(
        label=_("I agree that my answers are used to prepare this session."),
        error_messages={"required": _("Please tick this box to send your answers.")},
    )

    def __init__(self, *args, session_type, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        for number, question in enumerate(session_type.questions):
            self.fields[f"intake_{number}"] = forms.CharField(
                label=question,
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.order_fields([*self.fields.keys() - {"consent"}, "consent"])

    intake_fields = BookingForm.intake_fields
    intake_answers = BookingForm.intake_answers


class WaitingListForm(ProtectedForm):
    """A full day: the client would like to hear when a time comes free."""

    purpose = "booking-waiting"

    day = forms.DateField(widget=forms.HiddenInput)
    name = NameField(label=_("Name"))
    email = EmailAddressField(label=_("E-mail"))

    def __init__(self, *args, session_type, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.session_type = session_type

    def clean_day(self):
        day = self.cleaned_data["day"]
        today = timezone.localdate()
        last = today + timedelta(days=self.session_type.booking_window_days)
        if not today < day <= last:
            raise forms.ValidationError(_("Choose a day from the list."))
        return day


class MoveForm(forms.Form):
    """The new time for a booking, from the list of free times."""

    start = InstantField()


class SeriesForm(forms.Form):
    """The coach books one client every few weeks, for a number of sessions."""

    session_type = forms.ModelChoiceField(
        label=_("Session type"), queryset=SessionType.objects.active()
    )
    first_start = forms.DateTimeField(
        label=_("First session"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("In your own time zone; the others follow at the same hour."),
    )
    every_weeks = forms.IntegerField(
        label=_("Every how many weeks"), min_value=1, max_value=8, initial=2
    )
    count = forms.IntegerField(
        label=_("Number of sessions"), min_value=2, max_value=26, initial=6
    )
    place = forms.ChoiceField(label=_("Where"), choices=Booking.Place.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def series(self) -> dict:
        """What services.book_series takes."""
        fields = ["session_type", "name", "email", "phone", "place"]
        return {"starts": self.starts(), **{f: self.cleaned_data[f] for f in fields}}

    def starts(self):
        """Every start of the series, at the same wall-clock time (summer time or
        not) in the coach's zone."""
        zone = coach_zone()
        first = timezone.localtime(self.cleaned_data["first_start"], zone)
        step = timedelta(weeks=self.cleaned_data["every_weeks"])
        wall = first.replace(tzinfo=None)
        return [
            timezone.make_aware(wall + step * number, zone)
            for number in range(self.cleaned_data["count"])
        ]
