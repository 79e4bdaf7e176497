"""Time zones: the coach's, and the ones visitors choose (any IANA name, a short
list to pick from)."""

import functools
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings

known_zones = functools.cache(available_timezones)  # reads the zone files: 20 ms

# The zones offered in the picker: where Dutch speakers and the coach's clients
# live. Any other valid zone (as the browser reports it) is added when asked for.
COMMON_ZONES = [
    "Europe/Amsterdam",
    "Europe/Brussels",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Zurich",
    "Europe/Stockholm",
    "Europe/Athens",
    "Europe/Istanbul",
    "Atlantic/Canary",
    "America/Curacao",
    "America/Aruba",
    "America/Paramaribo",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Toronto",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Jakarta",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "UTC",
]


def coach_zone():
    return ZoneInfo(settings.TIME_ZONE)


def zone_or_default(name):
    """The zone called `name` if it is a real one, else the coach's."""
    return ZoneInfo(name if name in known_zones() else settings.TIME_ZONE)


def zone_label(name):
    """ "America/New_York" as people read it: "New York (America)"."""
    if "/" not in name:
        return name
    region, _slash, place = name.partition("/")
    return f"{place.replace('_', ' ').replace('/', ', ')} ({region})"


def zone_choices(current):
    names = COMMON_ZONES if current in COMMON_ZONES else [current, *COMMON_ZONES]
    return [(name, zone_label(name)) for name in names]
