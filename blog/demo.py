"""Demo blog: the coach as author, four categories, ten tags and fourteen posts.

Every text was written fresh for coachsite; the featured images are drawn by
core.artwork. Loading adds what is missing and changes nothing else.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from blog.models import AuthorProfile, Category, Comment, Post, Tag
from booking.models import SessionType
from core.artwork import artwork, describe, monogram
from core.models import Image

DATA = Path(__file__).parent / "demo_data"
POSTS_DIR = DATA / "posts"
# Conversations under the posts; a comment by "Sanne" is the coach's own reply.
COMMENTS = DATA / "comments.json"
COACH = "Sanne"

AUTHOR = {
    "username": "sanne",
    "first_name": "Sanne",
    "last_name": "Verbeek",
    "email": "sanne@example.com",
}
AUTHOR_PROFILE = {
    "display_name": "Sanne Verbeek",
    "bio": (
        "Relatiecoach in Utrecht en online. Ik help mensen die vastlopen in zichzelf "
        "en in hun relaties om weer rust en verbinding te voelen."
    ),
}

FEATURED_CATEGORIES = {
    "vertrouwen-en-verbinding",
    "communicatie",
    "gevoel-en-zelfbewustzijn",
}
CATEGORIES = {
    "vertrouwen-en-verbinding": (
        "Vertrouwen en verbinding",
        "Over vertrouwen dat breekt, herstelt en groeit tussen twee mensen.",
    ),
    "communicatie": (
        "Communicatie",
        "Hoe je elkaar weer echt hoort, ook als het spannend wordt.",
    ),
    "gevoel-en-zelfbewustzijn": (
        "Gevoel en zelfbewustzijn",
        "Over je gevoel leren kennen en de relatie met jezelf.",
    ),
    "jij-de-relatie-en-het-gezin": (
        "Jij, de relatie en het gezin",
        "Partners blijven terwijl je samen ouders bent.",
    ),
}

TAGS = {
    "vertrouwen": "vertrouwen",
    "jaloezie": "jaloezie",
    "ruzie": "ruzie",
    "luisteren": "luisteren",
    "emoties": "emoties",
    "grenzen": "grenzen",
    "ouderschap": "ouderschap",
    "vreemdgaan": "vreemdgaan",
    "zelfbeeld": "zelfbeeld",
    "verbinding": "verbinding",
}

# (slug, title, days since publication (negative: scheduled; None: draft),
#  categories, tags, meta description, focus keywords)
POSTS = [
    (
        "vertrouwen-herstellen",
        "Vertrouwensbreuk in je relatie: hoe vind je weer houvast?",
        3,
        ["vertrouwen-en-verbinding"],
        ["vertrouwen", "vreemdgaan", "emoties"],
        "Wat gebeurt er als het vertrouwen in je relatie breekt, waarom controle niet "
        "helpt en hoe je stap voor stap weer houvast vindt, samen of alleen.",
        "vertrouwensbreuk, vertrouwen herstellen, relatie",
    ),
    (
        "steeds-dezelfde-ruzie",
        "Waarom jullie steeds dezelfde ruzie hebben",
        12,
        ["communicatie"],
        ["ruzie", "luisteren", "verbinding"],
        "Het gaat over de vaatwasser, maar eigenlijk over iets anders. Zo herken en "
        "doorbreek je de ruzie die steeds terugkomt in je relatie.",
        "ruzie, relatieproblemen, communicatie",
    ),
    (
        "gevoel-afsluiten",
        "Gevoel afsluiten: hoe je jezelf kwijtraakt in je relatie",
        24,
        ["gevoel-en-zelfbewustzijn"],
        ["emoties", "zelfbeeld", "verbinding"],
        "Gevoel afsluiten werkt, tot het te veel kost. Waarom je niet selectief kunt "
        "afsluiten en hoe je stap voor stap weer leert voelen.",
        "gevoel afsluiten, emoties onderdrukken, zelfbewustzijn",
    ),
    (
        "jaloezie",
        "Jaloezie: wat zegt het over jou?",
        38,
        ["vertrouwen-en-verbinding", "gevoel-en-zelfbewustzijn"],
        ["jaloezie", "vertrouwen", "zelfbeeld"],
        "Jaloezie is een alarmsignaal, geen bewijs. Over de twee soorten jaloezie, "
        "waar ze vandaan komen en wat je er concreet mee kunt.",
        "jaloezie, jaloers in relatie, onzekerheid",
    ),
    (
        "samen-ouders-samen-partners",
        "Samen ouders, en ook nog partners",
        52,
        ["jij-de-relatie-en-het-gezin"],
        ["ouderschap", "verbinding"],
        "Goede ouders, maar waar zijn jullie gebleven? Kleine rituelen en eerlijke "
        "gesprekken die je helpen partners te blijven naast het ouderschap.",
        "relatie na kinderen, ouderschap, partners",
    ),
    (
        "luisteren-zonder-oplossen",
        "Luisteren zonder meteen op te lossen",
        67,
        ["communicatie"],
        ["luisteren", "verbinding"],
        "Je partner zoekt een luisterend oor en jij biedt een oplossing. Vier "
        "manieren om echt te luisteren, ook als het spannend wordt.",
        "luisteren, communicatie in relatie, begrip",
    ),
    (
        "grenzen-aangeven",
        "Grenzen aangeven zonder schuldgevoel",
        81,
        ["gevoel-en-zelfbewustzijn"],
        ["grenzen", "zelfbeeld"],
        "Ja zeggen terwijl je nee bedoelt kost je energie en plezier. Zo geef je "
        "grenzen aan, ook in je relatie, zonder je schuldig te voelen.",
        "grenzen aangeven, nee zeggen, schuldgevoel",
    ),
    (
        "na-de-verliefdheid",
        "Na de verliefdheid: van wij tegen de wereld naar wij met elkaar",
        96,
        ["vertrouwen-en-verbinding"],
        ["verbinding"],
        "Als de verliefdheid zakt, begint de liefde die je samen maakt. Over de "
        "valkuilen na de eerste jaren en hoe je nieuwsgierig blijft.",
        "na de verliefdheid, sleur in relatie, liefde",
    ),
    (
        "vreemdgaan-hoe-verder",
        "Vreemdgaan: redenen, gevolgen en hoe nu verder",
        113,
        ["vertrouwen-en-verbinding"],
        ["vreemdgaan", "vertrouwen", "emoties"],
        "Waarom mensen vreemdgaan, wat het doet met beide partners en wat er nodig "
        "is om daarna verder te gaan, samen of apart.",
        "vreemdgaan, ontrouw, relatie herstellen",
    ),
    (
        "als-je-partner-zich-terugtrekt",
        "Als je partner zich terugtrekt",
        131,
        ["communicatie"],
        ["luisteren", "emoties", "verbinding"],
        "Stilte voelt als afwijzing, maar er zit vaak iets anders achter. Hoe je "
        "ruimte geeft zonder weg te gaan, en wanneer je het gesprek aangaat.",
        "partner trekt zich terug, afstand in relatie",
    ),
    (
        "het-gezin-als-spiegel",
        "Het gezin als spiegel: emoties bij kinderen en ouders",
        150,
        ["jij-de-relatie-en-het-gezin"],
        ["ouderschap", "emoties"],
        "Kinderen raken precies de plekken waar je zelf nog mee worstelt. Hoe je "
        "dat als kans gebruikt, voor jezelf en voor je gezin.",
        "opvoeding, emoties kinderen, gezin",
    ),
    (
        "relatie-met-jezelf",
        "De relatie met jezelf als fundament",
        171,
        ["gevoel-en-zelfbewustzijn"],
        ["zelfbeeld", "emoties"],
        "De relatie met jezelf kleurt al je andere relaties. Wat zelfbewustzijn is, "
        "hoe je je innerlijke criticus herkent en wat je vandaag kunt oefenen.",
        "zelfbewustzijn, relatie met jezelf, eigenwaarde",
    ),
    (
        "de-relatie-op-zijn-einde",
        "Als je relatie op zijn einde lijkt te lopen",
        190,
        ["vertrouwen-en-verbinding", "jij-de-relatie-en-het-gezin"],
        ["ruzie", "verbinding"],
        "Uitgeput, vol twijfel, niet wetend of je moet blijven of gaan. Wat je kunt "
        "onderzoeken voordat je beslist, en hoe je daarna verder kunt.",
        "relatie voorbij, twijfel, scheiden",
    ),
    (
        "feestdagen-zonder-spanning",
        "De feestdagen door zonder spanning",
        -9,
        ["jij-de-relatie-en-het-gezin"],
        ["ouderschap", "grenzen"],
        "Hoge verwachtingen, twee families en oude rollen: zo bespreek je vooraf "
        "wat jullie belangrijk vinden en komen jullie de feestdagen goed door.",
        "feestdagen, familie, spanning",
    ),
    (
        "loslaten-na-een-scheiding",
        "Loslaten na een scheiding",
        None,
        ["gevoel-en-zelfbewustzijn"],
        ["emoties", "ouderschap"],
        "",
        "scheiding, loslaten, rouw",
    ),
]


# Posts that offer a session's free times: (post slug, session type slug).
POST_OFFERS = [
    ("vertrouwen-herstellen", "relatiesessie"),
    ("steeds-dezelfde-ruzie", "relatiesessie"),
    ("na-de-verliefdheid", "kennismaking"),
]


# (slug, slug of the Dutch original, title, meta description)
TRANSLATIONS = [
    (
        "restoring-trust",
        "vertrouwen-herstellen",
        "Broken trust in your relationship: how do you find your footing again?",
        "What happens when trust in your relationship breaks, why control does not "
        "help, and how to find your footing again, step by step, together or alone.",
    ),
]


def has_content():
    return Post.objects.exists()


def author():
    user, created = get_user_model().objects.get_or_create(
        username=AUTHOR["username"], defaults={**AUTHOR, "is_staff": True}
    )
    if created:
        user.set_unusable_password()
        user.save()
    if not AuthorProfile.objects.filter(user=user).exists():
        profile = AuthorProfile(user=user, **AUTHOR_PROFILE)
        profile.photo.save("sanne.png", ContentFile(monogram("SV")), save=False)
        profile.save()
    return user


def load():
    writer = author()
    categories = {
        slug: Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "description": description,
                "is_featured": slug in FEATURED_CATEGORIES,
            },
        )[0]
        for slug, (name, description) in CATEGORIES.items()
    }
    tags = {
        slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TAGS.items()
    }
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for number, (slug, title, days_ago, category_slugs, tag_slugs, *seo) in enumerate(
        POSTS
    ):
        if Post.objects.filter(slug=slug).exists():
            continue
        meta_description, keywords = seo
        post = Post(
            slug=slug,
            title=title,
            body=(POSTS_DIR / f"{slug}.html").read_text(encoding="utf-8"),
            author=writer,
            status=Post.Status.DRAFT if days_ago is None else Post.Status.PUBLISHED,
            published_at=None if days_ago is None else now - timedelta(days=days_ago),
            meta_description=meta_description,
            focus_keywords=keywords,
            image=library_image(slug, title, number),
        )
        post.save()
        post.categories.set(categories[slug] for slug in category_slugs)
        post.tags.set(tags[slug] for slug in tag_slugs)
    load_translations(writer)
    load_comments(writer)
    offer_sessions()


def library_image(slug, title, number):
    image = Image(title=title, alt_text=describe(number))
    image.file.save(f"{slug}.png", ContentFile(artwork(number)), save=False)
    image.save()
    return image


def load_translations(writer):
    """English versions of some posts: their own text, the original's image."""
    for slug, original_slug, title, meta_description in TRANSLATIONS:
        original = Post.objects.filter(slug=original_slug).first()
        if original is None or Post.objects.filter(slug=slug).exists():
            continue
        post = Post.objects.create(
            slug=slug,
            title=title,
            lang="en",
            translation_of=original,
            body=(POSTS_DIR / f"{slug}.html").read_text(encoding="utf-8"),
            author=writer,
            status=original.status,
            published_at=original.published_at,
            meta_description=meta_description,
            image=original.image,
        )
        post.categories.set(original.categories.all())
        post.tags.set(original.tags.all())


def load_comments(coach):
    """The demo conversations, dated in order after their post."""
    for slug, threads in json.loads(COMMENTS.read_text(encoding="utf-8")).items():
        post = Post.objects.get(slug=slug)
        if post.comments.exists():
            continue
        moment = post.published_at
        for thread in threads:
            moment = add_comment(post, None, thread, moment, coach)


def add_comment(post, parent, entry, moment, coach):
    name = entry["name"]
    moment += timedelta(hours=7, minutes=13)
    if moment.hour < 8:  # people write in the daytime
        moment += timedelta(hours=8)
    by_coach = name == COACH
    comment = Comment.objects.create(
        post=post,
        parent=parent,
        name=coach.author_profile.display_name if by_coach else name,
        email=coach.email if by_coach else f"{slugify(name)}@example.com",
        body=entry["text"],
        author=coach if by_coach else None,
        status=Comment.Status.APPROVED,
        created_at=moment,
    )
    for reply in entry["replies"]:
        moment = add_comment(post, comment, reply, moment, coach)
    return moment


def offer_sessions():
    """Posts that offer a session's free times, once the agenda has its types."""
    types = {
        session_type.slug: session_type for session_type in SessionType.objects.all()
    }
    for post_slug, type_slug in POST_OFFERS:
        if type_slug in types:
            Post.objects.filter(slug=post_slug, session_type=None).update(
                session_type=types[type_slug]
            )
