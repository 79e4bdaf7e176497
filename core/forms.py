from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class FormRenderer(TemplatesSetting):
    """Form widgets from the project's templates, with the site's field layout."""

    field_template_name = "includes/form_field.html"


class NameField(forms.CharField):
    """A person's name: one line (it may end up in an e-mail header), single spaces."""

    def to_python(self, value):
        value = super().to_python(value)
        if any(character in value for character in "\r\n"):
            raise forms.ValidationError(_("Write your name on one line."))
        return " ".join(value.split())
