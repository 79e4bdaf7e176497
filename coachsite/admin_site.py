from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.shortcuts import redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin login; asks for a code from the authenticator app of those staff
    who turned on two-factor login (a TOTP or a backup-code device)."""

    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        help_text=_("Only if you have turned on two-factor login."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "device_required": _("Enter the code from your authenticator app."),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            code = cleaned_data.get("otp_token", "")
            cleaned_data["otp_device"] = self.device_for(user, code)
            # django-otp throttles wrong codes per device, doubling the wait each time.
            self.clean_otp(user)
        return cleaned_data

    @staticmethod
    def device_for(user, code):
        """Digits are from the app; anything else is a backup code. Trying one
        device only keeps a wrong code from throttling the others."""
        kind = TOTPDevice if code.strip().isdigit() else StaticDevice
        devices = (d for d in devices_for_user(user) if isinstance(d, kind))
        device = next(devices, None)
        return device and device.persistent_id


class AdminSite(admin.AdminSite):
    """The admin, with what awaits the coach counted next to each model.

    A ModelAdmin with a `waiting_count(request)` method (comments, reviews) shows
    that number on the admin's index.
    """

    site_header = _("Site administration")
    site_title = _("coachsite")
    index_template = "admin/dashboard.html"
    login_form = LoginForm
    login_template = "admin/coachsite_login.html"

    def has_permission(self, request):
        """Staff with a two-factor device must have logged in with a code."""
        user = request.user
        return super().has_permission(request) and (
            user.is_verified() or not user_has_device(user)
        )

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
        if app_label is None:  # the index and the menu: by her work
            app_list = by_work(app_list)
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


# The admin's index and menu by the coach's work, not by app; what is not listed
# (tasks, queues, logins, users) goes last, under "Technical", which only
# superusers see (the Coach group has no permission for any of it).
SECTIONS = [
    (_("Writing"), ["blog.post", "coachsite.page", "core.image", "blog.category",
                    "blog.tag", "blog.authorprofile"]),
    (_("Comments"), ["blog.comment"]),
    (_("Agenda"), ["booking.booking", "booking.sessiontype", "booking.openinghours",
                   "booking.extrahours", "booking.timeoff", "booking.owncalendar",
                   "booking.waitinglistentry", "booking.calendarfeed"]),
    (_("Newsletter"), ["newsletter.campaign", "newsletter.welcomemail",
                       "newsletter.subscriber", "newsletter.topic",
                       "newsletter.delivery", "newsletter.suppression"]),
    (_("Reviews"), ["reviews.review"]),
    (_("Payments"), ["payments.payment", "payments.invoice", "payments.refund",
                     "prepaid.package", "prepaid.sessioncard", "prepaid.giftvoucher"]),
    (_("Settings"), ["core.siteprofile", "otp_totp.totpdevice",
                     "otp_static.staticdevice"]),
]  # fmt: skip


def by_work(app_list):
    """Django's app list regrouped into SECTIONS, the rest under "Technical"."""
    entries = {
        f"{app['app_label']}.{entry['object_name'].lower()}": entry
        for app in app_list
        for entry in app["models"]
    }
    sections = []
    for name, labels in [*SECTIONS, (_("Technical"), None)]:
        if labels is None:
            listed = {label for _name, labels in SECTIONS for label in labels}
            labels = [label for label in entries if label not in listed]
        models = [entries[label] for label in labels if label in entries]
        if models:
            sections.append(
                {
                    "name": name,
                    "app_label": slugify(str(name)),
                    "app_url": models[0]["admin_url"],
                    "has_module_perms": True,
                    "models": models,
                }
            )
    return sections
