from django.contrib import admin
from django.utils.translation import gettext_lazy as _
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
