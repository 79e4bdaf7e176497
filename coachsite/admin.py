import functools

# The admins this module changes must be registered before it runs.
import axes.admin  # noqa: F401
import django.contrib.auth.admin  # noqa: F401
import django_otp.plugins.otp_static.admin  # noqa: F401
import django_rq.admin  # noqa: F401
import django_tasks_db.admin  # noqa: F401
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_rq.models import Dashboard
from django_tasks_db.models import DBTaskResult
from simple_history.admin import SimpleHistoryAdmin

import blog.admin  # noqa: F401
import booking.admin  # noqa: F401
import newsletter.admin  # noqa: F401
import reviews.admin  # noqa: F401
from blog.models import Comment
from booking.models import Booking
from coachsite import privacy
from coachsite.models import Page
from core.admin import StaleEditsRefused
from newsletter.models import Subscriber
from reviews.models import Review


def people_in(modeladmin, queryset):
    """The e-mail addresses of the people behind the selected rows."""
    field = getattr(modeladmin, "person_email_field", "email")
    return sorted(
        {email.lower() for email in queryset.values_list(field, flat=True) if email}
    )


@admin.action(
    description=_("Export everything about these people (privacy request)"),
    permissions=["export_personal_data"],
)
def export_personal_data(modeladmin, request, queryset):
    with_intake = request.user.has_perm("booking.view_intake")
    data = {
        email: privacy.personal_data(email, with_intake=with_intake)
        for email in people_in(modeladmin, queryset)
    }
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
    return response


@admin.action(
    description=_("Erase everything about these people (privacy request)"),
    permissions=["erase_personal_data"],
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
class PageAdmin(StaleEditsRefused, SimpleHistoryAdmin):
    list_display = ["title", "key", "slug", "lang", "updated_at"]
    list_filter = ["key", "lang"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "key", "lang", "body"]}),
        (_("Search engines"), {"fields": ["seo_title", "meta_description"]}),
    ]


class PersonalData:
    """The privacy actions, which reach into every app: the top layer adds them to
    the admin of each model whose rows belong to a person (each names the e-mail
    field it has), for those who may see or delete what they touch."""

    def has_export_personal_data_permission(self, request):
        return privacy.may_export(request.user)

    def has_erase_personal_data_permission(self, request):
        return privacy.may_erase(request.user)


for model in (Comment, Subscriber, Booking, Review):
    model_admin = type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(
        model,
        type(
            model_admin.__name__,
            (PersonalData, model_admin),
            {
                "actions": [
                    *model_admin.actions,
                    export_personal_data,
                    erase_personal_data,
                ]
            },
        ),
    )


def superuser_required(view):
    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


class SuperusersOnly:
    """For the technical parts (users, task results, queues, failed logins): not
    the coach's work, and not hers to break."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_urls(self):
        # Some (the RQ dashboard) serve pages that ask no permission of their own.
        return [
            URLPattern(
                url.pattern,
                superuser_required(url.callback),
                url.default_args,
                url.name,
            )
            for url in super().get_urls()
        ]


class OwnDevicesOnly:
    """Two-factor devices: staff see and set up only their own."""

    def get_queryset(self, request):
        devices = super().get_queryset(request)
        if request.user.is_superuser:
            return devices
        return devices.filter(user=request.user)

    def is_own(self, request, device):
        return (
            device is None or request.user.is_superuser or device.user == request.user
        )

    def has_view_permission(self, request, obj=None):
        return self.is_own(request, obj) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.is_own(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.is_own(request, obj) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def restrict(model, mixin, replacement=None):
    """Register `model` again with `mixin` in front of its admin class."""
    base = replacement or type(admin.site.get_model_admin(model))
    admin.site.unregister(model)
    admin.site.register(model, type(base.__name__, (mixin, base), {}))


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


restrict(TOTPDevice, OwnDevicesOnly, AuthenticatorAdmin)
restrict(StaticDevice, OwnDevicesOnly)
for model in (
    get_user_model(),
    Group,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    DBTaskResult,
    Dashboard,
):
    restrict(model, SuperusersOnly)
