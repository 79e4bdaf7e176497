from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared toolbox under the apps: it imports none of them."""

    name = "core"
    verbose_name = _("Site")

    def ready(self):
        from core.models import SiteProfile
        from core.versions import watch

        watch(SiteProfile, kinds=["site"])
