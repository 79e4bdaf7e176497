from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self):
        from anymail.signals import tracking

        from newsletter.suppression import on_tracking

        # What providers report by webhook (/anymail/<provider>/tracking/).
        tracking.connect(on_tracking, dispatch_uid="newsletter.suppression")
