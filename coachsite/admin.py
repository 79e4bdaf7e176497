from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from solo.admin import SingletonModelAdmin

from coachsite.models import Page, SiteProfile


@admin.register(SiteProfile)
class SiteProfileAdmin(SingletonModelAdmin):
    fieldsets = [
        (
            None,
            {"fields": ["site_name", "coach_name", "tagline", "short_bio", "photo"]},
        ),
        (_("Contact"), {"fields": ["contact_email", "phone"]}),
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
