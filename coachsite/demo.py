"""Demo content for the site's own pages: "Over mij" and the privacy statement.

Written fresh for coachsite. Loading creates what is missing and never
overwrites what the coach has changed.
"""

from pathlib import Path

from coachsite.models import Page

TEXTS = Path(__file__).parent / "demo_data"

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
    return Page.objects.exists()


def load():
    for page in PAGES:
        page = dict(page)
        body = (TEXTS / page.pop("text")).read_text(encoding="utf-8")
        Page.objects.get_or_create(key=page.pop("key"), defaults={**page, "body": body})
