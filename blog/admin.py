from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from blog import services
from blog.models import AuthorProfile, Category, Comment, Post, Tag
from blog.services import (
    publish_post,
    reply_as_author,
    save_post,
    set_comment_status,
    unpublish_post,
)
from blog.views import render_preview
from core.admin import StaleEditsRefused

# The buttons under a post, by name, and what each does (blog.services.save_post).
INTENTS = {
    "_publish": services.PUBLISH,
    "_schedule": services.SCHEDULE,
    "_draft": services.DRAFT,
    "_update": services.UPDATE,
}


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


def pressed_intent(data):
    """What the publishing button that sent `data` does, or None (another one)."""
    return next((intent for name, intent in INTENTS.items() if name in data), None)


def pressed_a_publishing_button(request):
    return "_popup" not in request.POST and pressed_intent(request.POST) is not None


class PostAdminForm(forms.ModelForm):
    """No status menu: the button she presses says what becomes of the post."""

    may_publish = False  # set for the user by PostAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        default = services.UPDATE if self.instance.pk else services.DRAFT
        self.intent = pressed_intent(self.data) or default
        publishing = self.intent in (services.PUBLISH, services.SCHEDULE)
        if publishing and not self.may_publish:
            raise ValidationError(_("You may save drafts, but not publish them."))
        moment = cleaned.get("published_at")
        if self.intent == services.SCHEDULE and (
            moment is None or moment <= timezone.now()
        ):
            self.add_error(
                "published_at",
                _("To schedule the post, choose a moment in the future."),
            )
        return cleaned


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
    autocomplete_fields = ["categories", "tags", "translation_of", "image"]
    actions = ["publish", "unpublish"]
    form = PostAdminForm

    class Media:
        js = ["js/admin-post.js"]  # a copy of unsaved changes, kept in the browser

    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "excerpt"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "published_at",
                    "author",
                    "allow_comments",
                    "lang",
                    "translation_of",
                ]
            },
        ),
        (_("Featured image"), {"fields": ["image", "featured_image_caption"]}),
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
        return {"author": request.user.pk}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_publish = self.has_publish_permission(request)
        return form

    def render_change_form(self, request, context, *args, **kwargs):
        context["may_publish"] = self.has_publish_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview)
        return [
            path("preview/", preview, name="blog_post_preview"),
            path("<path:object_id>/preview/", preview, name="blog_post_preview"),
            *super().get_urls(),
        ]

    def preview(self, request, object_id=None):
        """The unsaved form as visitors would see it, at phone and desktop width;
        nothing is stored."""
        post = self.get_object(request, object_id) if object_id else None
        if object_id and post is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, post)
            if post
            else self.has_add_permission(request)
        )
        if request.method != "POST" or not allowed:
            raise PermissionDenied
        form = self.get_form(request, post, change=post is not None)
        form = form(request.POST, request.FILES, instance=post)
        form.is_valid()  # a preview shows what can be shown, mistakes and all
        page = render_preview(
            request,
            form.instance,
            categories=form.cleaned_data.get("categories", []),
            tags=form.cleaned_data.get("tags", []),
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview"),
            "page": page,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/blog/post/preview.html", context)

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
        save_post(post=obj, intent=form.intent)
        for warning in obj.seo_warnings():
            self.message_user(request, warning, messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        if pressed_a_publishing_button(request):
            return self.back_to_the_editor(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if pressed_a_publishing_button(request):
            return self.back_to_the_editor(request, obj)
        return super().response_change(request, obj)

    def back_to_the_editor(self, request, obj):
        """After a publishing button: back in the editor, told what happened."""
        if obj.is_scheduled:
            said = _("Scheduled: the post appears on %(moment)s.") % {
                "moment": date_format(localtime(obj.published_at), "DATETIME_FORMAT")
            }
        elif obj.is_public:
            said = _("The post is online.")
        else:
            said = _("Saved as a draft; visitors do not see it.")
        self.message_user(request, said, messages.SUCCESS)
        return redirect("admin:blog_post_change", obj.pk)

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
