from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from core.versions import watch
        from reviews.models import Review

        watch(Review, kinds=["reviews"])
