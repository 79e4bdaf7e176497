"""Demo content for the site itself: the coach's profile and the fixed pages.

Written fresh for coachsite. Loading creates what is missing and never
overwrites what the coach has changed.
"""

from pathlib import Path

from django.core.files.base import ContentFile

from coachsite.demo.artwork import monogram
from coachsite.models import Page, SiteProfile

TEXTS = Path(__file__).parent

PROFILE = {
    "site_name": "Sanne Verbeek Relatiecoaching",
    "coach_name": "Sanne Verbeek",
    "tagline": "Weer rust en verbinding voelen, in jezelf en in je relatie.",
    "short_bio": (
        "Ik help mensen die vastlopen in hun relatie of in zichzelf om te begrijpen "
        "wat er gebeurt, zodat ze weer echt met elkaar in gesprek komen. In mijn "
        "praktijk in Utrecht of online."
    ),
    "contact_email": "sanne@example.com",
    "phone": "06 12 34 56 78",
    "photo_alt": "Ronde afbeelding met de initialen SV van Sanne Verbeek",
    "facebook_url": "https://www.facebook.com/example",
    "instagram_url": "https://www.instagram.com/example",
    "linkedin_url": "https://www.linkedin.com/in/example",
    "default_meta_description": (
        "Relatiecoach Sanne Verbeek helpt je na een vertrouwensbreuk, bij ruzie of "
        "afstand in je relatie. Lees het blog of plan een gratis kennismaking."
    ),
}

PAGES = [
    {
        "key": Page.Key.ABOUT,
        "title": "Over mij",
        "slug": "over-mij",
        "meta_description": (
            "Wie is Sanne Verbeek? Over mijn achtergrond als relatiecoach, hoe ik werk "
            "en waarmee ik je kan helpen."
        ),
        "text": "about.html",
    },
    {
        "key": Page.Key.PRIVACY,
        "title": "Privacyverklaring",
        "slug": "privacy",
        "meta_description": (
            "Welke persoonsgegevens Sanne Verbeek Relatiecoaching verwerkt, waarom, "
            "hoe lang ze bewaard worden en welke rechten je hebt."
        ),
        "text": "privacy.html",
    },
]


def has_content():
    return Page.objects.exists() or bool(SiteProfile.get_solo().coach_name)


def load():
    profile = SiteProfile.get_solo()
    if not profile.coach_name:
        for field, value in PROFILE.items():
            setattr(profile, field, value)
        profile.photo.save("sanne-verbeek.png", ContentFile(monogram("SV")), save=False)
        profile.save()
    for page in PAGES:
        page = dict(page)
        body = (TEXTS / page.pop("text")).read_text(encoding="utf-8")
        Page.objects.get_or_create(key=page.pop("key"), defaults={**page, "body": body})
