from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from blog import models
        from core.pagecache import watch, watch_schedule

        for model in (
            models.AuthorProfile,
            models.Category,
            models.Tag,
            models.Post,
        ):
            watch(model)
        watch(models.Comment, shows_on_pages="shows_on_pages")
        watch_schedule(models.Post.objects.next_appearance)
