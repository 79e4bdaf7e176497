from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class AdminSite(admin.AdminSite):
    """The admin, with what awaits the coach counted next to each model.

    A ModelAdmin with a `waiting_count(request)` method (comments, reviews) shows
    that number on the admin's index.
    """

    site_header = _("Site administration")
    site_title = _("coachsite")

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for entry in app["models"]:
                model_admin = self._registry.get(entry["model"])
                count = getattr(model_admin, "waiting_count", lambda request: 0)(
                    request
                )
                if count:
                    waiting = ngettext("%d waiting", "%d waiting", count) % count
                    entry["name"] = format_html(
                        '{} <span class="waiting-badge">{}</span>',
                        entry["name"],
                        waiting,
                    )
        return app_list
