from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class CoachsiteConfig(AppConfig):
    name = "coachsite"
    verbose_name = _("Site")

    def ready(self):
        from coachsite.cache import watch_content

        watch_content()


class AdminConfig(DjangoAdminConfig):
    default_site = "coachsite.admin_site.AdminSite"
