import hashlib

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from solo.admin import SingletonModelAdmin

from core.models import Image, SiteProfile


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
        (_("Newsletter"), {"fields": ["count_clicks"]}),
    ]


class UseFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("unused", _("Not used anywhere"))]

    def queryset(self, request, queryset):
        return queryset.unused() if self.value() == "unused" else queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    """The media library: images uploaded once and used again, each described."""

    # The name first: the row's header (a picture without words cannot be one).
    list_display = ["__str__", "thumbnail", "alt_text", "post_count", "uploaded_at"]
    list_filter = [UseFilter]
    search_fields = ["title", "alt_text", "file"]
    fields = ["file", "title", "alt_text", "focal_point", "focal_x", "focal_y"]
    readonly_fields = ["focal_point"]

    class Media:
        js = ["js/admin-image.js"]  # a click in the image sets the focal point

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("posts"))

    @admin.display(description=_("image"))
    def thumbnail(self, image):
        sized = image.file.responsive
        if sized is None:
            return format_html('<img src="{}" alt="" width="80">', image.file.url)
        return format_html(
            '<img src="{}" srcset="{}" sizes="80px" alt="" width="80" height="{}" '
            'loading="lazy">',
            sized.src,
            sized.srcset,
            round(80 * sized.height / sized.width),
        )

    @admin.display(description=_("featured in posts"), ordering="post_count")
    def post_count(self, image):
        return image.post_count

    @admin.display(description=_("focal point"))
    def focal_point(self, image):
        if not image.file:
            return _("Choose the focal point after uploading the image.")
        return format_html(
            '<span class="focal-picker"><img src="{}" alt="" data-focal-picker>'
            '<span class="focal-marker" aria-hidden="true"></span></span>',
            image.src,
        )
