from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blog.models import AuthorProfile, Category, Post, Tag
from blog.services import publish_post, unpublish_post


class StateFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
        ]

    def queryset(self, request, queryset):
        return {
            "draft": queryset.filter(status=Post.Status.DRAFT),
            "scheduled": queryset.scheduled(),
            "published": queryset.published(),
        }.get(self.value(), queryset)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "state", "published_at", "category_list", "seo"]
    list_filter = [StateFilter, "categories", "tags", "author"]
    search_fields = ["title", "excerpt", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["categories", "tags"]
    actions = ["publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "author", "allow_comments", "lang"]},
        ),
        (
            _("Featured image"),
            {
                "fields": [
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                ]
            },
        ),
        (_("Categories and tags"), {"fields": ["categories", "tags"]}),
        (
            _("Search engines and sharing"),
            {
                "fields": [
                    "seo_title",
                    "meta_description",
                    "focus_keywords",
                    "social_image",
                    "noindex",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, "published_at": timezone.now()}

    @admin.display(description=_("status"), ordering="status")
    def state(self, post):
        return post.state_label

    @admin.display(description=_("categories"))
    def category_list(self, post):
        return ", ".join(category.name for category in post.categories.all())

    @admin.display(description=_("SEO"), boolean=True)
    def seo(self, post):
        return not post.seo_warnings()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.seo_warnings():
            self.message_user(request, warning, messages.WARNING)

    @admin.action(description=_("Publish selected posts"))
    def publish(self, request, queryset):
        published = 0
        for post in queryset:
            try:
                publish_post(post=post)
            except ValidationError as error:
                self.message_user(
                    request, f"{post}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                published += 1
        self.message_user(
            request,
            ngettext("%d post published.", "%d posts published.", published)
            % published,
        )

    @admin.action(description=_("Turn selected posts back into drafts"))
    def unpublish(self, request, queryset):
        for post in queryset:
            unpublish_post(post=post)
        self.message_user(
            request,
            ngettext(
                "%d post is a draft again.", "%d posts are drafts again.", len(queryset)
            )
            % len(queryset),
        )


class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "post_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(post_count=Count("posts"))

    @admin.display(description=_("posts"), ordering="post_count")
    def post_count(self, topic):
        return topic.post_count


admin.site.register(Category, TopicAdmin)
admin.site.register(Tag, TopicAdmin)


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user"]
    search_fields = ["display_name", "user__username"]
