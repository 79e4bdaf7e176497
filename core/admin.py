import hashlib

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from solo.admin import SingletonModelAdmin

from core.models import SiteProfile


def admin_view(model_admin, view, *permissions):
    """A custom admin page of `model_admin`: staff (who passed two-factor) with all
    of `permissions` only; others get a 403."""
    checked = permission_required(permissions, raise_exception=True)(view)
    return model_admin.admin_site.admin_view(checked)


VERSION = "loaded_version"


class StaleEditCheck(forms.Form):
    """The form remembers how the row was stored when it was opened, and refuses
    to save over a change made since (in another tab, by someone else)."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial[VERSION] = self.stored_version()

    def stored_version(self):
        """A fingerprint of the stored values of the fields this form edits."""
        model = type(self.instance)
        columns = {field.name for field in model._meta.concrete_fields}
        names = [name for name in self.fields if name in columns]
        stored = model._default_manager.filter(pk=self.instance.pk)
        values = stored.values_list(*names).first() if names else ()
        return hashlib.sha256(repr(values).encode()).hexdigest()[:20]

    def clean(self):
        cleaned_data = super().clean()
        sent = self.data.get(self.add_prefix(VERSION))
        if self.instance.pk and sent != self.stored_version():
            raise ValidationError(
                _(
                    "This was changed after you opened it (in another tab, or by "
                    "someone else). Copy what you wrote, reload the page and make "
                    "your change again."
                ),
                code="stale",
            )
        return cleaned_data


class StaleEditsRefused:
    """A ModelAdmin whose change form refuses to undo a change made since it was
    opened (StaleEditCheck), instead of overwriting it without a word."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            return super().get_form(request, obj, change=change, **kwargs)
        # The admin passes the fields of its fieldsets; this one is the form's own.
        fields = kwargs.get("fields") or flatten_fieldsets(
            self.get_fieldsets(request, obj)
        )
        kwargs["fields"] = [name for name in fields if name != VERSION]
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (StaleEditCheck, form), {})


@admin.register(SiteProfile)
class SiteProfileAdmin(SimpleHistoryAdmin, SingletonModelAdmin):
    fieldsets = [
        (
            None,
            {"fields": ["site_name", "coach_name", "tagline", "short_bio", "photo"]},
        ),
        (_("Contact"), {"fields": ["contact_email", "phone"]}),
        (
            _("Invoices"),
            {
                "fields": [
                    "business_address",
                    "kvk_number",
                    "vat_number",
                    "vat_regime",
                    "vat_exemption_ground",
                ]
            },
        ),
        (
            _("Social media"),
            {
                "fields": [
                    "facebook_url",
                    "instagram_url",
                    "linkedin_url",
                    "youtube_url",
                    "x_url",
                ]
            },
        ),
        (_("Search engines"), {"fields": ["default_meta_description"]}),
    ]
