import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import StaleEditsRefused, admin_view
from core.exports import SafeWriter
from core.forms import WEB_ADDRESS
from newsletter import services, suppression
from newsletter.models import (
    Campaign,
    Delivery,
    Subscriber,
    Suppression,
    Topic,
    WelcomeMail,
)
from newsletter.rendering import render_mailing


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One address per row; a first name in the second column if you like."
        ),
    )
    consent_given_elsewhere = forms.BooleanField(
        label=_("These people gave their consent elsewhere (import them as confirmed)"),
        required=False,
        help_text=_("Otherwise each address gets an e-mail to confirm first."),
    )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "new_posts", "subscribed_at"]
    list_filter = ["status", "new_posts", "topics", "language"]
    search_fields = ["email", "first_name"]
    date_hierarchy = "subscribed_at"
    actions = ["export_csv", "unsubscribe", "mark_complained"]
    readonly_fields = [
        "topics",  # the subscriber's own choice
        "status",
        "language",
        "subscribed_at",
        "consent_source",
        "consent_version",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
    fields = ["email", "first_name", "new_posts", *readonly_fields]

    def has_add_permission(self, request):
        return False  # people subscribe themselves; imports go through "Import"

    def get_urls(self):
        return [
            path(
                "import/",
                admin_view(
                    self,
                    self.import_view,
                    "newsletter.add_subscriber",
                    "newsletter.change_subscriber",
                ),
                name="newsletter_subscriber_import",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=_("Export selected subscribers as CSV"), permissions=["view"]
    )
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subscribers.csv"'
        writer = SafeWriter(response)
        writer.writerow(
            ["email", "first_name", "status", "new_posts", "subscribed_at",
             "confirmed_at", "consent_source", "consent_version"]
        )  # fmt: skip
        for subscriber in queryset.iterator():
            writer.writerow(
                [subscriber.email, subscriber.first_name, subscriber.status,
                 subscriber.new_posts, subscriber.subscribed_at.isoformat(),
                 subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else "",
                 subscriber.consent_source, subscriber.consent_version]
            )  # fmt: skip
        return response

    @admin.action(
        description=_("Unsubscribe selected subscribers"), permissions=["change"]
    )
    def unsubscribe(self, request, queryset):
        for subscriber in queryset:
            services.unsubscribe(subscriber=subscriber)

    @admin.action(
        description=_("Mark as complained (never mail again)"), permissions=["change"]
    )
    def mark_complained(self, request, queryset):
        for subscriber in queryset:
            services.mark_complained(subscriber=subscriber)

    def import_view(self, request):
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            imported, refused = import_subscribers(
                form.cleaned_data["file"],
                confirmed=form.cleaned_data["consent_given_elsewhere"],
            )
            self.message_user(request, _("%d addresses imported.") % imported)
            if refused:
                self.message_user(
                    request,
                    _("Not imported (not an e-mail address): %s")
                    % ", ".join(refused[:20]),
                    messages.WARNING,
                )
            return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Import subscribers"),
        }
        return render(request, "admin/newsletter/subscriber/import.html", context)


def import_subscribers(file, *, confirmed):
    """(imported count, refused rows) from a CSV of addresses and first names."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", errors="replace")
    imported, refused = 0, []
    for row in csv.reader(text):
        if not row or not row[0].strip() or row[0].strip().lower() == "email":
            continue
        email = services.normalize_email(row[0])
        first_name = row[1].strip()[:100] if len(row) > 1 else ""
        if WEB_ADDRESS.search(first_name):
            first_name = ""  # it would greet someone in every mailing
        try:
            validate_email(email)
        except ValidationError:
            refused.append(row[0][:80])
            continue
        if confirmed:
            services.import_confirmed(
                email=email, first_name=first_name, source=file.name
            )
        else:
            services.subscribe(
                email=email, first_name=first_name, source=f"import: {file.name}"
            )
        imported += 1
    return imported, refused


@admin.register(Campaign)
class CampaignAdmin(StaleEditsRefused, SimpleHistoryAdmin):
    list_display = [
        "subject",
        "kind",
        "status",
        "scheduled_at",
        "progress",
        "finished_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["subject"]
    fields = ["subject", "preheader", "topic", "body"]
    change_form_template = "admin/newsletter/campaign/change_form.html"

    def get_queryset(self, request):
        mailings = super().get_queryset(request).exclude(kind=Campaign.Kind.WELCOME)
        return mailings.with_figures()

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.status != Campaign.Status.DRAFT:
            return self.fields  # what is (being) sent is no longer edited
        return []

    @admin.display(description=_("progress"))
    def progress(self, campaign):
        if campaign.status == Campaign.Status.DRAFT:
            return "-"
        return _("%(sent)d sent, %(queued)d queued, %(failed)d failed") % {
            "sent": campaign.sent,
            "queued": campaign.queued,
            "failed": campaign.failed,
        }

    def get_urls(self):
        def view(name, function, permission):
            return path(
                f"<int:pk>/{name}/",
                admin_view(self, function, permission),
                name=f"newsletter_campaign_{name}",
            )

        sending = "newsletter.send_campaign"
        return [
            view("preview", self.preview_view, "newsletter.view_campaign"),
            view("test", self.test_view, sending),
            view("schedule", self.schedule_view, sending),
            view("send", self.send_view, sending),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:  # loaded through get_queryset: it has its figures
            failed = reverse("admin:newsletter_delivery_changelist")
            context["campaign"] = obj
            context["failed_url"] = (
                f"{failed}?campaign__id__exact={obj.pk}&status__exact=failed"
            )
            if obj.status == Campaign.Status.DRAFT:
                context["recipients"] = Subscriber.objects.wanting(obj).count()
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def preview_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        rendered = render_mailing(campaign, language=get_language())
        return HttpResponse(rendered.html)

    def test_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk)
        email = request.POST.get("email", "").strip()
        try:
            validate_email(email)
        except ValidationError:
            self.message_user(
                request, _("Fill in an e-mail address for the test."), messages.ERROR
            )
        else:
            services.send_test(campaign=campaign, email=email, language=get_language())
            self.message_user(request, _("A test is on its way to %s.") % email)
        return redirect("admin:newsletter_campaign_change", pk)

    def schedule_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk, status=Campaign.Status.DRAFT)
        field = forms.DateTimeField()
        try:
            at = field.clean(request.POST.get("scheduled_at", ""))
        except ValidationError:
            self.message_user(
                request, _("Choose a date and time to send."), messages.ERROR
            )
            return redirect("admin:newsletter_campaign_change", pk)
        if at <= timezone.now():
            self.message_user(
                request, _("Choose a moment in the future."), messages.ERROR
            )
            return redirect("admin:newsletter_campaign_change", pk)
        services.schedule_campaign(campaign=campaign, at=at)
        moment = date_format(timezone.localtime(at), "DATETIME_FORMAT")
        self.message_user(request, _("Scheduled for %s.") % moment)
        return redirect("admin:newsletter_campaign_change", pk)

    def send_view(self, request, pk):
        campaign = get_object_or_404(Campaign, pk=pk, status=Campaign.Status.DRAFT)
        if request.method == "POST":
            services.schedule_campaign(campaign=campaign)
            self.message_user(request, _("Sending has started."))
        return redirect("admin:newsletter_campaign_change", pk)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """The interests offered on the sign-up form (none: the form asks nothing)."""

    list_display = ["name", "description", "position", "subscriber_count"]
    list_editable = ["position"]
    fields = ["name", "description", "categories", "position"]
    filter_horizontal = ["categories"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                subscriber_count=Count(
                    "subscribers",
                    filter=Q(subscribers__status=Subscriber.Status.CONFIRMED),
                )
            )
        )

    @admin.display(description=_("subscribers"), ordering="subscriber_count")
    def subscriber_count(self, topic):
        return topic.subscriber_count


class WelcomeMailForm(forms.ModelForm):
    active = forms.BooleanField(
        label=_("Switched on"),
        required=False,
        help_text=_(
            "Goes to everyone who confirms their subscription from now on, on its "
            "day; not to those who subscribed before."
        ),
    )

    class Meta:
        model = WelcomeMail
        fields = ["welcome_day", "subject", "preheader", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["welcome_day"].required = True
        self.fields["welcome_day"].initial = 0
        self.fields["active"].initial = self.instance.is_active


@admin.register(WelcomeMail)
class WelcomeMailAdmin(StaleEditsRefused, admin.ModelAdmin):
    """The welcome series: mails a new subscriber gets on day 0, 3, 7… after
    confirming. Each stays editable; its figures are those of a mailing.
    (No version history: django-simple-history does not follow proxy models.)"""

    form = WelcomeMailForm
    fields = ["welcome_day", "subject", "preheader", "body", "active"]
    list_display = ["subject", "welcome_day", "switched_on", "sent", "unsubscribed"]
    change_form_template = "admin/newsletter/welcomemail/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_figures()

    @admin.display(description=_("switched on"), boolean=True)
    def switched_on(self, mail):
        return mail.is_active

    @admin.display(description=_("sent"))
    def sent(self, mail):
        return mail.sent

    @admin.display(description=_("unsubscribed"))
    def unsubscribed(self, mail):
        return mail.unsubscribed

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.switch_welcome_mail(mail=obj, on=form.cleaned_data["active"])

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["campaign"] = obj  # loaded through get_queryset: with its figures
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "subscriber",
        "campaign",
        "status",
        "attempts",
        "sent_at",
        "outcome",
        "last_error",
    ]
    list_filter = ["status", "outcome", "campaign"]
    search_fields = ["subscriber__email"]
    list_select_related = ["subscriber", "campaign"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    """Addresses mailings no longer go to, why and since when; the coach may
    take one off the list."""

    list_display = ["email", "reason", "source", "created_at", "detail"]
    list_filter = ["reason", "source"]
    search_fields = ["email"]
    date_hierarchy = "created_at"
    actions = ["lift"]

    def has_add_permission(self, request):
        return False  # the mail server, the providers and "mark as spam" add them

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Take the selected addresses off the list"),
        permissions=["delete"],
    )
    def lift(self, request, queryset):
        lifted = list(queryset)
        for entry in lifted:
            suppression.lift(entry)
        self.message_user(
            request,
            ngettext(
                "%d address gets mailings again.",
                "%d addresses get mailings again.",
                len(lifted),
            )
            % len(lifted),
        )
