"""Demo content for the toolbox: the coach's profile.

Written fresh for coachsite. Loading fills an empty profile and never overwrites
what the coach has changed.
"""

from django.core.files.base import ContentFile

from core.artwork import monogram
from core.models import SiteProfile

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
    "business_address": "Oudegracht 100\n3511 AX Utrecht",
    "kvk_number": "12345678",
    "vat_number": "NL000099998B57",
    "photo_alt": "Ronde afbeelding met de initialen SV van Sanne Verbeek",
    "facebook_url": "https://www.facebook.com/example",
    "instagram_url": "https://www.instagram.com/example",
    "linkedin_url": "https://www.linkedin.com/in/example",
    "default_meta_description": (
        "Relatiecoach Sanne Verbeek helpt je na een vertrouwensbreuk, bij ruzie of "
        "afstand in je relatie. Lees het blog of plan een gratis kennismaking."
    ),
}


def has_content():
    return bool(SiteProfile.get_solo().coach_name)


def load():
    profile = SiteProfile.get_solo()
    if not profile.coach_name:
        for field, value in PROFILE.items():
            setattr(profile, field, value)
        profile.photo.save("sanne-verbeek.png", ContentFile(monogram("SV")), save=False)
        profile.save()
