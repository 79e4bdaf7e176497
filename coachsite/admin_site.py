from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST


class AdminSite(admin.AdminSite):
    """The admin, with what awaits the coach counted next to each model.

    A ModelAdmin with a `waiting_count(request)` method (comments, reviews) shows
    that number on the admin's index.
    """

    site_header = _("Site administration")
    site_title = _("coachsite")
    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        # Imported here: the admin site is made before the models can be loaded.
        from coachsite import dashboard

        return super().index(request, {**dashboard.overview(), **(extra_context or {})})

    def get_urls(self):
        return [
            path(
                "dashboard/<str:kind>/<int:pk>/<str:action>/",
                self.admin_view(self.dashboard_action),
                name="dashboard_action",
            ),
            *super().get_urls(),
        ]

    @method_decorator(require_POST)
    def dashboard_action(self, request, kind, pk, action):
        """A button on the dashboard: approve a comment, publish a review..."""
        from coachsite import dashboard

        if dashboard.act(request.user, kind, pk, action):
            messages.success(request, _("Done."))
        else:
            messages.error(request, _("That could not be done."))
        return redirect("admin:index")

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
