"""iCalendar (RFC 5545): an invitation per booking, and the coach's feed."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar, Event, vCalAddress, vText

from booking.links import manage_url
from core.addresses import absolute_reverse, site_domain
from core.models import SiteProfile

PRODUCT = "-//coachsite//booking//NL"


def new_calendar(method=None):
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def event_for(booking, *, for_coach=False):
    """The booking as an event: the same UID for ever, SEQUENCE up at every change.

    Times are in UTC, which every calendar shows right in its own zone."""
    profile = SiteProfile.get_solo()
    coach = profile.coach_name or profile.site_name
    domain = site_domain()
    session_type = booking.session_type
    event = Event()
    event.add("uid", f"{booking.uid}@{domain}")
    event.add("sequence", booking.sequence)
    event.add("dtstamp", booking.created_at)
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    cancelled = booking.status == booking.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    with translation.override(
        settings.LANGUAGE_CODE if for_coach else booking.language
    ):
        if for_coach:
            event.add("summary", f"{session_type.name}: {booking.name}")
            lines = [
                booking.email,
                booking.phone,
                absolute_reverse("admin:booking_booking_change", args=[booking.pk]),
            ]
        else:
            event.add("summary", f"{session_type.name} · {coach}")
            lines = [
                gettext("Change or cancel: %(url)s") % {"url": manage_url(booking)}
            ]
        if booking.is_online and booking.meeting_url:
            event.add("location", booking.meeting_url)
            event.add("url", booking.meeting_url)
            lines.insert(
                0, gettext("Video link: %(url)s") % {"url": booking.meeting_url}
            )
        elif session_type.address:
            event.add("location", " ".join(session_type.address.split()))
    event.add("description", "\n".join(line for line in lines if line))
    organizer = vCalAddress(f"mailto:{profile.contact_email or 'noreply@' + domain}")
    organizer.params["cn"] = vText(coach)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{booking.email}")
    attendee.params["cn"] = vText(booking.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee)
    return event


def invitation(booking, *, for_coach=False):
    """The .ics that goes with a mail: REQUEST, or CANCEL for a cancelled booking."""
    cancelled = booking.status == booking.Status.CANCELLED
    calendar = new_calendar("CANCEL" if cancelled else "REQUEST")
    calendar.add_component(event_for(booking, for_coach=for_coach))
    return calendar.to_ical()


def coach_feed(bookings):
    """The coach's sessions, for a calendar subscription."""
    calendar = new_calendar()
    calendar.add("x-wr-calname", SiteProfile.get_solo().site_name)
    for booking in bookings:
        calendar.add_component(event_for(booking, for_coach=True))
    return calendar.to_ical()
