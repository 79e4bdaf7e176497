"""Demo agenda: three session types, weekday hours and a few weeks of bookings."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from booking.models import Booking, ExtraHours, OpeningHours, SessionType, TimeOff
from booking.services import new_meeting_url
from booking.times.zones import coach_zone

ADDRESS = "Praktijk Sanne de Vries\nOudegracht 112\n3511 AX Utrecht"

SESSION_TYPES = [
    {
        "slug": "kennismaking",
        "name": "Gratis kennismaking",
        "description": (
            "Een half uur online om kennis te maken: je vertelt wat er speelt, "
            "ik vertel hoe ik werk. Daarna beslis je in alle rust of je verder wilt."
        ),
        "duration_minutes": 30,
        "price": 0,
        "place": SessionType.Place.ONLINE,
        "buffer_after_minutes": 15,
        "minimum_notice_hours": 12,
        "intake_questions": "Waar wil je het in het kennismakingsgesprek over hebben?",
    },
    {
        "slug": "individuele-sessie",
        "name": "Individuele sessie",
        "description": (
            "Een uur voor jou alleen, in de praktijk in Utrecht of online. Voor wie "
            "vastloopt in een relatie, na een scheiding, of in de relatie met zichzelf."
        ),
        "duration_minutes": 60,
        "price": 95,
        "place": SessionType.Place.EITHER,
        "address": ADDRESS,
        "buffer_after_minutes": 15,
        "intake_questions": (
            "Wat speelt er op dit moment?\nWat hoop je met de sessies te bereiken?"
        ),
    },
    {
        "slug": "relatiesessie",
        "name": "Sessie voor stellen",
        "description": (
            "Anderhalf uur met z'n tweeën: om weer echt naar elkaar te luisteren, "
            "vertrouwen te herstellen of samen een moeilijke beslissing te nemen."
        ),
        "duration_minutes": 90,
        "price": 135,
        "place": SessionType.Place.EITHER,
        "address": ADDRESS,
        "buffer_before_minutes": 15,
        "buffer_after_minutes": 15,
        "max_per_day": 2,
        "for_couples": True,
        "intake_questions": (
            "Hoe lang zijn jullie samen?\nWaar lopen jullie samen steeds tegenaan?"
        ),
    },
]

# Weekday -> ranges: days with a lunch break, and one evening for working couples.
HOURS = {
    weekday: [(time(9), time(12, 30)), (time(13, 30), time(17))] for weekday in range(5)
}
HOURS[3].append((time(19), time(21)))

# (days from today, hour, session type, name, status)
BOOKINGS = [
    (-20, 10, "individuele-sessie", "Marloes Bakker", Booking.Status.COMPLETED),
    (-16, 14, "relatiesessie", "Tim en Esra Yilmaz", Booking.Status.COMPLETED),
    (-13, 9, "kennismaking", "Joost van Dam", Booking.Status.COMPLETED),
    (-9, 11, "individuele-sessie", "Marloes Bakker", Booking.Status.COMPLETED),
    (-6, 15, "individuele-sessie", "Laura Smit", Booking.Status.NO_SHOW),
    (-2, 10, "relatiesessie", "Tim en Esra Yilmaz", Booking.Status.COMPLETED),
    (2, 10, "individuele-sessie", "Marloes Bakker", Booking.Status.CONFIRMED),
    (3, 14, "kennismaking", "Peter Jansen", Booking.Status.CONFIRMED),
    (4, 9, "relatiesessie", "Anne en Rik de Boer", Booking.Status.CONFIRMED),
    (7, 11, "individuele-sessie", "Joost van Dam", Booking.Status.CONFIRMED),
    (9, 14, "relatiesessie", "Tim en Esra Yilmaz", Booking.Status.CONFIRMED),
    (10, 16, "kennismaking", "Fatima El Amrani", Booking.Status.CONFIRMED),
    (16, 10, "individuele-sessie", "Marloes Bakker", Booking.Status.CONFIRMED),
]


def has_content():
    return SessionType.objects.exists()


def load():
    types = {}
    for position, fields in enumerate(SESSION_TYPES):
        slug = fields["slug"]
        defaults = {**fields, "position": position}
        types[slug], _created = SessionType.objects.get_or_create(
            slug=slug, defaults=defaults
        )
    if not OpeningHours.objects.exists():
        OpeningHours.objects.bulk_create(
            OpeningHours(weekday=weekday, starts_at=begin, ends_at=end)
            for weekday, ranges in HOURS.items()
            for begin, end in ranges
        )
    today = timezone.localdate()
    if not ExtraHours.objects.exists():
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 14)
        ExtraHours.objects.create(date=saturday, starts_at=time(9), ends_at=time(12))
    if not TimeOff.objects.exists():
        day_off = weekday_from(today, 12)
        TimeOff.objects.create(
            starts_at=datetime.combine(day_off, time.min, tzinfo=coach_zone()),
            ends_at=datetime.combine(
                day_off + timedelta(days=1), time.min, tzinfo=coach_zone()
            ),
            note="Studiedag",
        )
    if not Booking.objects.exists():
        load_bookings(types, today)


def weekday_from(today, days):
    """The weekday `days` from today: a weekend day becomes the Monday after it, or
    for a day in the past the Friday before it."""
    day = today + timedelta(days=days)
    if day.weekday() <= 4:
        return day
    return day + timedelta(days=7 - day.weekday() if days > 0 else 4 - day.weekday())


def load_bookings(types, today):
    for days, hour, slug, name, status in BOOKINGS:
        session_type = types[slug]
        day = weekday_from(today, days)
        booking = Booking(
            session_type=session_type,
            name=name,
            email=f"{name.split()[0].lower()}@example.com",
            status=status,
            place=Booking.Place.IN_PERSON if hour == 14 else Booking.Place.ONLINE,
            intake_answers={},
        )
        if days < 0:  # a past session: its client was asked for a review
            booking.review_invited_at = timezone.now()
        if session_type.place == SessionType.Place.ONLINE:
            booking.place = Booking.Place.ONLINE
        booking.place_at(datetime.combine(day, time(hour), tzinfo=coach_zone()))
        if Booking.objects.occupying(
            booking.blocked_from, booking.blocked_until
        ).exists():
            continue  # two demo days fell on one weekday
        if booking.is_online:
            booking.meeting_url = new_meeting_url()
        booking.save()
