from django.urls import path
from django.utils.translation import gettext_lazy as _

from booking import views

app_name = "booking"

urlpatterns = [
    path("", views.start, name="start"),
    # Fixed addresses before the session types' /<slug>/ (SessionType.clean
    # refuses a slug whose pages one of these would take).
    path(_("booked/<str:token>/"), views.booked, name="booked"),
    path(_("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("pay/<str:token>/"), views.pay, name="pay"),
    path(_("manage/<str:token>/"), views.manage, name="manage"),
    path(_("manage/<str:token>/move/"), views.move, name="move"),
    path(_("manage/<str:token>/cancel/"), views.cancel, name="cancel"),
    path(_("manage/<str:token>/withdraw/"), views.withdraw, name="withdraw"),
    path(_("manage/<str:token>/appointment.ics"), views.invitation, name="invitation"),
    path(
        _("manage/<str:token>/questions/"),
        views.partner_intake,
        name="partner_intake",
    ),
    path(
        _("manage/<str:token>/invoice-<str:number>.pdf"), views.invoice, name="invoice"
    ),
    path(_("calendar/<str:token>.ics"), views.calendar_feed, name="calendar_feed"),
    path(_("waiting-list/<str:token>/"), views.waiting, name="waiting"),
    path("<slug:slug>/", views.choose_time, name="choose_time"),
    path(_("<slug:slug>/times/"), views.free_times_json, name="free_times"),
    path(_("<slug:slug>/details/"), views.book, name="book"),
    path(_("<slug:slug>/waiting-list/"), views.waiting_list, name="waiting_list"),
]
