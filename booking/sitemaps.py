from django.urls import reverse

from booking.models import SessionType
from core.sitemaps import SiteSitemap


class BookingSitemap(SiteSitemap):
    """The booking page and each session type's page of free times."""

    changefreq = "daily"

    def items(self):
        return [None, *SessionType.objects.active()]

    def location(self, session_type):
        if session_type is None:
            return reverse("booking:start")
        return session_type.get_absolute_url()
