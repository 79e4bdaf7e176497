from django.contrib import admin
from django.contrib.auth.decorators import permission_required
from django.utils.translation import gettext_lazy as _
from solo.admin import SingletonModelAdmin

from core.models import SiteProfile


def admin_view(model_admin, view, *permissions):
    """A custom admin page of `model_admin`: staff (who passed two-factor) with all
    of `permissions` only; others get a 403."""
    checked = permission_required(permissions, raise_exception=True)(view)
    return model_admin.admin_site.admin_view(checked)


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
