from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from core.models import SiteProfile


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
