from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "booking"
    verbose_name = _("Bookings")

    def ready(self):
        from booking import models
        from core.versions import watch

        # A post may show the next free times of a session type; the home page
        # lists the types themselves.
        watch(models.SessionType, kinds=["agenda", "site"])
        for model in (
            models.OpeningHours,
            models.ExtraHours,
            models.TimeOff,
            models.Booking,
        ):
            watch(model, kinds=["agenda"])
