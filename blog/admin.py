from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from blog.models import AuthorProfile, Category, Comment, Post, Tag
from blog.services import (
    publish_post,
    reply_as_author,
    save_post,
    set_comment_status,
    unpublish_post,
)
from core.admin import StaleEditsRefused


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
class PostAdmin(StaleEditsRefused, SimpleHistoryAdmin):
    list_display = [
        "title",
        "state",
        "published_at",
        "category_list",
        "comments",
        "seo",
    ]
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
        (_("Booking"), {"fields": ["session_type"]}),
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
        status = Comment.Status
        return (
            super()
            .get_queryset(request)
            .prefetch_related("categories")
            .annotate(
                approved_comments=Count(
                    "comments", filter=Q(comments__status=status.APPROVED)
                ),
                waiting_comments=Count(
                    "comments", filter=Q(comments__status=status.PENDING)
                ),
            )
        )

    @admin.display(description=_("comments"), ordering="approved_comments")
    def comments(self, post):
        if post.waiting_comments:
            return _("%(approved)d (%(waiting)d waiting)") % {
                "approved": post.approved_comments,
                "waiting": post.waiting_comments,
            }
        return post.approved_comments

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
        save_post(post=obj)
        for warning in obj.seo_warnings():
            self.message_user(request, warning, messages.WARNING)

    def has_publish_permission(self, request):
        """Publishing also mails the post to every subscriber."""
        return request.user.has_perm("blog.publish_post")

    def get_readonly_fields(self, request, obj=None):
        if self.has_publish_permission(request):
            return self.readonly_fields
        return [*self.readonly_fields, "status", "published_at"]

    @admin.action(description=_("Publish selected posts"), permissions=["publish"])
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

    @admin.action(
        description=_("Turn selected posts back into drafts"), permissions=["publish"]
    )
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


@admin.register(Category)
class CategoryAdmin(TopicAdmin):
    list_display = [*TopicAdmin.list_display, "is_featured"]
    list_editable = ["is_featured"]


admin.site.register(Tag, TopicAdmin)


@admin.register(AuthorProfile)
class AuthorProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user"]
    search_fields = ["display_name", "user__username"]


class CommentAdminForm(forms.ModelForm):
    reply = forms.CharField(
        label=_("Reply as the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Published at once under your name. A comment still waiting is approved."
        ),
    )

    class Meta:
        model = Comment
        fields = ["status", "name", "email", "website", "body"]


@admin.register(Comment)
class CommentAdmin(StaleEditsRefused, admin.ModelAdmin):
    form = CommentAdminForm
    list_display = ["excerpt", "name", "post", "status", "reason", "created_at"]
    list_filter = ["status", ("post", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "email", "body"]
    list_select_related = ["post"]
    actions = ["approve", "mark_as_spam", "move_to_trash", "restore"]
    readonly_fields = [
        "post_link",
        "parent",
        "reason",
        "created_at",
        "language",
        "ip_hash",
    ]
    fieldsets = [
        (None, {"fields": ["post_link", "parent", "status", "reason", "created_at"]}),
        (_("Comment"), {"fields": ["name", "email", "website", "body"]}),
        (_("Reply"), {"fields": ["reply"]}),
        (_("Details"), {"fields": ["language", "ip_hash"], "classes": ["collapse"]}),
    ]

    def has_add_permission(self, request):
        return False  # comments come from visitors; the coach replies

    def get_queryset(self, request):
        # Not super(): it orders by get_ordering() before "waiting" is annotated.
        return Comment.objects.pending_first()

    def get_ordering(self, request):
        return ["waiting", "-created_at"]

    def waiting_count(self, request):
        return Comment.objects.pending().count()

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        return comment.excerpt

    @admin.display(description=_("post"))
    def post_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.get_absolute_url(), comment.post
        )

    def save_model(self, request, obj, form, change):
        status = obj.status
        if "status" in form.changed_data:
            obj.status = form.initial.get("status", status)  # the service changes it
        super().save_model(request, obj, form, change)
        if reply := form.cleaned_data.get("reply", "").strip():
            if status == Comment.Status.PENDING:
                status = Comment.Status.APPROVED
            reply_as_author(comment=obj, user=request.user, body=reply)
            self.message_user(request, _("Your reply is published."))
        if obj.status != status:
            set_comment_status(comment=obj, status=status)

    def change_status(self, request, queryset, status, message):
        comments = list(queryset)
        for comment in comments:
            set_comment_status(comment=comment, status=status)
        self.message_user(request, message % {"count": len(comments)})

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self.change_status(
            request,
            queryset,
            Comment.Status.APPROVED,
            _("%(count)d comment(s) approved."),
        )

    @admin.action(
        description=_("Mark selected comments as spam"), permissions=["change"]
    )
    def mark_as_spam(self, request, queryset):
        self.change_status(
            request,
            queryset,
            Comment.Status.SPAM,
            _("%(count)d comment(s) marked as spam."),
        )

    @admin.action(
        description=_("Move selected comments to the trash"), permissions=["change"]
    )
    def move_to_trash(self, request, queryset):
        self.change_status(
            request,
            queryset,
            Comment.Status.TRASH,
            _("%(count)d comment(s) in the trash."),
        )

    @admin.action(
        description=_("Restore selected comments for review"), permissions=["change"]
    )
    def restore(self, request, queryset):
        self.change_status(
            request,
            queryset,
            Comment.Status.PENDING,
            _("%(count)d comment(s) restored."),
        )
