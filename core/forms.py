import re

from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _


class PublicFormRenderer(Jinja2):
    """The visitors' forms, with the site's field layout, rendered by Jinja2:
    about three times faster than Django's templates for the same widgets. (The
    admin's widgets exist only as Django templates: it keeps FORM_RENDERER.)"""

    field_template_name = "core/form_field.html"


# One instance: it keeps its compiled templates.
public_renderer = PublicFormRenderer()


# A web address in a name would reach other people: in the coach's mails, under
# a comment, in a reply notice ("Hello WIN a prize at https://...").
WEB_ADDRESS = re.compile(
    r"https?:|www\.|\b[\w-]+\.(com|net|org|info|biz|io|xyz|top|shop|online|site|"
    r"click|link|nl|be|de|eu|ru|cn)\b",
    re.IGNORECASE,
)


class NameField(forms.CharField):
    """A person's name: one line (it may end up in an e-mail header), single
    spaces, and no web address."""

    widget = forms.TextInput(attrs={"autocomplete": "name"})
    default_error_messages = {"required": _("Please give your name.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if any(character in value for character in "\r\n"):
            raise forms.ValidationError(_("Write your name on one line."))
        if WEB_ADDRESS.search(value):
            raise forms.ValidationError(_("Write your name without a web address."))
        return " ".join(value.split())


class EmailAddressField(forms.EmailField):
    """A visitor's e-mail address, filled in by the browser and refused in words
    a visitor understands."""

    widget = forms.EmailInput(attrs={"autocomplete": "email"})
    default_error_messages = {
        "required": _("Please give your e-mail address."),
        "invalid": _("This is not an e-mail address we can send to."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)


def small_number(value, *, digits=9):
    """`value` as a whole number if it is written as one in ASCII digits (not
    "²", "٣" or a thousand digits), else None: query parameters are anyone's."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= digits:
        return int(value)
    return None
