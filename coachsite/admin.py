from django.contrib import admin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from blog.admin import CommentAdmin
from booking.admin import BookingAdmin
from coachsite import privacy
from coachsite.models import Page
from newsletter.admin import SubscriberAdmin
from reviews.admin import ReviewAdmin


def people_in(modeladmin, queryset):
    """The e-mail addresses of the people behind the selected rows."""
    field = getattr(modeladmin, "person_email_field", "email")
    return sorted(
        {email.lower() for email in queryset.values_list(field, flat=True) if email}
    )


@admin.action(
    description=_("Export everything about these people (privacy request)"),
    permissions=["view"],
)
def export_personal_data(modeladmin, request, queryset):
    data = {
        email: privacy.personal_data(email) for email in people_in(modeladmin, queryset)
    }
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@admin.action(
    description=_("Erase everything about these people (privacy request)"),
    permissions=["delete"],
)
def erase_personal_data(modeladmin, request, queryset):
    """Asks first, on a page of its own, as Django's own "delete" action does."""
    emails = people_in(modeladmin, queryset)
    if request.POST.get("confirmed") == "yes":
        for email in emails:
            privacy.erase(email)
        count = len(emails)
        modeladmin.message_user(
            request,
            ngettext(
                "Everything about %(count)d person was erased.",
                "Everything about %(count)d people was erased.",
                count,
            )
            % {"count": count},
        )
        return None
    return TemplateResponse(
        request,
        "admin/erase_personal_data.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Erase everything about these people?"),
            "opts": modeladmin.model._meta,
            "emails": emails,
            "selected": queryset.values_list("pk", flat=True),
        },
    )


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "key", "slug", "lang", "updated_at"]
    list_filter = ["key", "lang"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "key", "lang", "body"]}),
        (_("Search engines"), {"fields": ["seo_title", "meta_description"]}),
    ]


# The privacy actions reach into every app, so the top layer adds them to the lists
# of what belongs to a person (each app's admin names the e-mail field it has).
for model_admin in (CommentAdmin, SubscriberAdmin, BookingAdmin, ReviewAdmin):
    model_admin.actions = [
        *model_admin.actions,
        export_personal_data,
        erase_personal_data,
    ]


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(TOTPDeviceAdmin):
    """Two-factor login: add a device, scan its QR code, then tick "confirmed".

    A new device starts unconfirmed, so that saving it does not lock its owner out
    before the phone has the code; from "confirmed" on, logins ask for one.
    """

    def get_changeform_initial_data(self, request):
        return {
            "user": request.user.pk,
            "confirmed": False,
            **super().get_changeform_initial_data(request),
        }
