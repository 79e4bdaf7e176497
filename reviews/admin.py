from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reviews import services
from reviews.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "rating",
        "status",
        "verified",
        "source",
        "created_at",
    ]
    list_filter = ["status", "verified", "rating"]
    search_fields = ["display_name", "text", "reply"]
    actions = ["publish", "hide"]
    person_email_field = "booking__email"
    fields = [
        "status", "rating", "text", "display_name", "reply", "source",
        "session_month", "verified", "booking", "consent_at", "created_at",
        "published_at",
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        readonly = ["verified", "booking", "consent_at", "created_at", "published_at"]
        if obj and obj.verified:  # the client's own words and stars stay theirs
            readonly += ["rating", "text", "display_name", "source", "session_month"]
        return readonly

    def waiting_count(self, request):
        return Review.objects.pending().count()

    def save_model(self, request, obj, form, change):
        if obj.status == Review.Status.PUBLISHED and not obj.published_at:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        services.publish_reviews(reviews=queryset)

    @admin.action(description=_("Hide"), permissions=["change"])
    def hide(self, request, queryset):
        services.hide_reviews(reviews=queryset)
