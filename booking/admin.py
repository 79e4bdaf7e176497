from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from booking import services, tasks
from booking.forms import SeriesForm
from booking.models import (
    PAYMENT_PURPOSE,
    Booking,
    CalendarFeed,
    ExtraHours,
    OpeningHours,
    OwnCalendar,
    SessionType,
    TimeOff,
    WaitingListEntry,
)
from booking.times.coach_week import coach_week
from core.addresses import absolute_url
from core.admin import StaleEditsRefused, admin_view
from core.tasks import enqueue_on_commit
from payments.models import Payment


@admin.register(SessionType)
class SessionTypeAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "duration_minutes",
        "price",
        "place",
        "is_active",
        "position",
    ]
    list_editable = ["is_active", "position"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "is_active", "position"]}),
        (_("Length and price"), {"fields": ["duration_minutes", "price"]}),
        (_("Where"), {"fields": ["place", "address"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "buffer_before_minutes",
                    "buffer_after_minutes",
                    "minimum_notice_hours",
                    "booking_window_days",
                    "max_per_day",
                    "confirm_by_email",
                    "for_couples",
                ]
            },
        ),
        (_("Intake"), {"fields": ["intake_questions"]}),
    ]


@admin.register(OwnCalendar)
class OwnCalendarAdmin(admin.ModelAdmin):
    """Her own calendars: read at once when saved, then every few minutes."""

    list_display = ["name", "is_active", "fetched_at", "error"]
    fields = ["name", "url", "is_active", "fetched_at", "error", "busy_count"]
    readonly_fields = ["fetched_at", "error", "busy_count"]

    @admin.display(description=_("busy times ahead"))
    def busy_count(self, calendar):
        return calendar.busy_times.filter(ends_at__gt=timezone.now()).count()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.is_active:
            enqueue_on_commit(tasks.read_calendar, obj.pk)
            self.message_user(
                request, _("The calendar is being read; this page shows how it went.")
            )


@admin.register(WaitingListEntry)
class WaitingListAdmin(admin.ModelAdmin):
    """Who waits for a full day: told by e-mail when a time comes free there."""

    list_display = ["day", "session_type", "name", "email", "notified_at", "booked_at"]
    list_filter = ["session_type"]
    search_fields = ["name", "email"]
    date_hierarchy = "day"
    fields = [*list_display, "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(OpeningHours)
class OpeningHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "starts_at", "ends_at"]
    list_display_links = ["weekday"]
    list_editable = ["starts_at", "ends_at"]


@admin.register(ExtraHours)
class ExtraHoursAdmin(admin.ModelAdmin):
    list_display = ["date", "starts_at", "ends_at"]
    date_hierarchy = "date"


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "ends_at", "note"]
    date_hierarchy = "starts_at"


class WhenFilter(admin.SimpleListFilter):
    """Upcoming sessions first, unless the coach asks for others."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [(None, _("Upcoming")), ("past", _("Past")), ("all", _("All"))]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {},
                    [] if value else [self.parameter_name],
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        if self.value() == "past":
            return queryset.filter(starts_at__lt=today).order_by("-starts_at")
        if self.value() == "all":
            return queryset.order_by("-starts_at")
        return queryset.filter(starts_at__gte=today).order_by("starts_at")


class CoachBookingForm(forms.ModelForm):
    """The coach books any time that does not overlap another session."""

    class Meta:
        model = Booking
        fields = ["session_type", "starts_at", "place", "name", "email", "phone"]

    def clean(self):
        cleaned_data = super().clean()
        session_type = cleaned_data.get("session_type") or getattr(
            self.instance, "session_type", None
        )
        starts_at = cleaned_data.get("starts_at")
        if session_type and starts_at:
            probe = Booking(pk=self.instance.pk, session_type=session_type)
            probe.place_at(starts_at)
            if other := Booking.objects.overlapping(probe).first():
                raise ValidationError(
                    _("This overlaps another session (with its free time): %(other)s"),
                    params={"other": other},
                )
        return cleaned_data


SERIES_TAKEN = _("A time was taken meanwhile; nothing was booked. Check again.")


def answers_list(answers):
    if not answers:
        return _("None given (or deleted after the retention period).")
    return format_html(
        "<dl>{}</dl>", format_html_join("", "<dt>{}</dt><dd>{}</dd>", answers.items())
    )


@admin.register(Booking)
class BookingAdmin(StaleEditsRefused, admin.ModelAdmin):
    form = CoachBookingForm
    list_display = ["starts_at", "session_type", "name", "status", "payment", "place"]
    list_filter = [WhenFilter, "status", "session_type", "place"]
    search_fields = ["name", "email", "phone"]
    date_hierarchy = "starts_at"
    list_select_related = ["session_type"]
    actions = ["mark_completed", "mark_no_show", "cancel"]
    change_list_template = "admin/booking/booking/change_list.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["session_type", "starts_at", "place", "name", "email", "phone"]
        fields = [
            "session_type", "starts_at", "ends_at", "status", "place", "meeting_url",
            "name", "email", "phone", "time_zone", "language", "booked_by_coach",
            "created_at", "cancelled_at", "reminder_sent_at",
        ]  # fmt: skip
        if obj.session_type.for_couples:
            fields += ["partner_name", "partner_email"]
        if request.user.has_perm("booking.view_intake"):
            fields.append("intake")
            if obj.session_type.for_couples:
                fields.append("partner_intake")
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        editable = {"name", "email", "phone"}
        if obj.status == Booking.Status.CONFIRMED:
            editable.add("starts_at")
        return [
            field for field in self.get_fields(request, obj) if field not in editable
        ]

    def get_queryset(self, request):
        latest = Payment.objects.filter(
            purpose=PAYMENT_PURPOSE, reference=OuterRef("pk")
        ).order_by("-created_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                payment_status=Subquery(latest.values("status")[:1]),
                refunded=Subquery(latest.values("amount_refunded")[:1]),
            )
        )

    @admin.display(description=_("payment"), ordering="payment_status")
    def payment(self, booking):
        """Open, paid, refunded or failed at a glance (one query for the list)."""
        if booking.payment_status is None:
            return "-"
        label = Payment.Status(booking.payment_status).label
        if booking.refunded:
            return _("%(status)s, € %(amount)s refunded") % {
                "status": label,
                "amount": formats.number_format(booking.refunded, 2),
            }
        return label

    @admin.display(description=_("intake answers"))
    def intake(self, booking):
        return answers_list(booking.intake_answers)

    @admin.display(description=_("partner's intake answers"))
    def partner_intake(self, booking):
        return answers_list(booking.partner_intake_answers)

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except services.SlotTaken as taken:  # a visitor booked it a moment ago
            messages.error(request, str(taken))
            return redirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change:
            booked = services.book_session(
                **{field: form.cleaned_data[field] for field in form.Meta.fields},
                by_coach=True,
            )
            obj.pk = booked.pk  # the admin goes on with the booked row
            obj.refresh_from_db()
        else:
            obj.save(update_fields=["name", "email", "phone"])
            if "starts_at" in form.changed_data:  # moved: the client gets a mail
                services.reschedule_booking(
                    booking=obj, starts_at=obj.starts_at, by_coach=True
                )

    def outcome(self, request, queryset, status, message):
        count = services.set_outcome(bookings=queryset, status=status)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Mark as completed"), permissions=["change"])
    def mark_completed(self, request, queryset):
        self.outcome(
            request, queryset, Booking.Status.COMPLETED,
            _("Sessions marked as completed: %(count)d (only past ones)."),
        )  # fmt: skip

    @admin.action(description=_("Mark as no-show"), permissions=["change"])
    def mark_no_show(self, request, queryset):
        self.outcome(
            request, queryset, Booking.Status.NO_SHOW,
            _("Sessions marked as no-show: %(count)d (only past ones)."),
        )  # fmt: skip

    @admin.action(description=_("Cancel (e-mails the client)"), permissions=["change"])
    def cancel(self, request, queryset):
        bookings = queryset.filter(status=Booking.Status.CONFIRMED)
        count = 0
        for booking in bookings.select_related("session_type"):
            services.cancel_booking(booking=booking, by_coach=True)
            count += 1
        self.message_user(
            request,
            ngettext("%d session cancelled.", "%d sessions cancelled.", count) % count,
        )

    def get_urls(self):
        return [
            path(
                "week/",
                admin_view(self, self.week_view, "booking.view_booking"),
                name="booking_booking_week",
            ),
            path(
                "series/",
                admin_view(self, self.series_view, "booking.add_booking"),
                name="booking_booking_series",
            ),
            *super().get_urls(),
        ]

    def series_view(self, request):
        """A series for one client: every date is checked and shown first, and
        booked only when the coach confirms, all or nothing."""
        form = SeriesForm(request.POST or None)
        conflicts = None
        if request.method == "POST" and form.is_valid():
            series = form.series()
            conflicts = services.series_conflicts(
                session_type=series["session_type"], starts=series["starts"]
            )
            free = not any(conflicts.values())
            if free and "confirm" in request.POST and self.book(request, series):
                return redirect("admin:booking_booking_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Book a series"),
            "form": form,
            "conflicts": conflicts,
            "free": conflicts is not None and not any(conflicts.values()),
        }
        return TemplateResponse(request, "admin/booking/booking/series.html", context)

    def book(self, request, series) -> bool:
        try:
            booked = services.book_series(**series)
        except services.SlotTaken:
            messages.error(request, SERIES_TAKEN)
            return False
        count = len(booked)
        message = ngettext("%d session booked.", "%d sessions booked.", count)
        self.message_user(request, message % count)
        return True

    def week_view(self, request):
        """The coach's week as a calendar: hours, time off and sessions per day."""
        try:
            monday = timezone.datetime.fromisoformat(request.GET["week"]).date()
        except (KeyError, ValueError):
            monday = timezone.localdate()
        days = coach_week(monday)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Week of %(date)s") % {"date": date_format(days[0].date)},
            "days": days,
            "previous": (days[0].date - timedelta(days=7)).isoformat(),
            "next": (days[0].date + timedelta(days=7)).isoformat(),
            "list_url": reverse("admin:booking_booking_changelist"),
        }
        return TemplateResponse(request, "admin/booking/booking/week.html", context)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["__str__", "address", "created_at"]
    actions = ["renew"]
    readonly_fields = ["address", "created_at"]
    fields = ["address", "created_at"]

    @admin.display(description=_("address to subscribe to"))
    def address(self, feed):
        if not feed.pk:
            return _("Made when you save.")
        return format_html("<code>{}</code>", absolute_url(feed.get_absolute_url()))

    def has_add_permission(self, request):
        return not CalendarFeed.objects.exists()

    def save_model(self, request, obj, form, change):
        if not change:
            fresh = CalendarFeed.renew()
            obj.pk, obj.token, obj.created_at = fresh.pk, fresh.token, fresh.created_at

    @admin.action(
        description=_("Make a new address (the old one stops working)"),
        permissions=["change"],
    )
    def renew(self, request, queryset):
        CalendarFeed.renew()
        self.message_user(
            request,
            _("A new address is made. Subscribe to it in your calendar app again."),
        )
