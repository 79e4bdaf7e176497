from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as OTPStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as OTPTOTPConfig


class CoachsiteConfig(AppConfig):
    """The top layer: the only package that knows every app."""

    name = "coachsite"
    verbose_name = _("Pages")

    def ready(self):
        from coachsite import wiring
        from coachsite.models import Page
        from core.versions import watch

        watch(Page, kinds=["site"])
        wiring.connect()


class AdminConfig(DjangoAdminConfig):
    default_site = "coachsite.admin_site.AdminSite"


# Names the coach understands in the admin, for the security apps.


class TwoFactorConfig(OTPTOTPConfig):
    verbose_name = _("Two-factor login")

    def ready(self):
        super().ready()
        # django-otp names its models in English only; the coach reads Dutch.
        meta = self.get_model("TOTPDevice")._meta
        meta.verbose_name = _("authenticator app")
        meta.verbose_name_plural = _("authenticator apps")


class BackupCodesConfig(OTPStaticConfig):
    verbose_name = _("Two-factor backup codes")

    def ready(self):
        super().ready()
        meta = self.get_model("StaticDevice")._meta
        meta.verbose_name = _("set of backup codes")
        meta.verbose_name_plural = _("backup codes")


class LoginAttemptsConfig(AxesConfig):
    verbose_name = _("Failed logins")
