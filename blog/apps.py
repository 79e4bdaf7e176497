from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        from blog import models
        from core.versions import watch, watch_schedule

        for model in (
            models.AuthorProfile,
            models.Category,
            models.Tag,
            models.Post,
        ):
            watch(model, kinds=["blog"])
        # A comment shows on its post, and in the counts on lists of posts.
        watch(
            models.Comment,
            kinds=["comments"],
            shows_on_pages="shows_on_pages",
            pages=lambda comment: comment.post.paths(),
        )
        watch_schedule("blog", models.Post.objects.next_appearance)
