"""Demo newsletter: fifty subscribers (most confirmed), one mailing already sent,
two topics on the sign-up form and a welcome mail for whoever confirms next."""

from datetime import timedelta
from email.utils import make_msgid

from django.utils import timezone

from blog.models import Category
from newsletter.models import Campaign, Delivery, Subscriber, Topic, WelcomeMail

# Fifty names read better as a sentence than as a column.
FIRST_NAMES = (  # noqa: SIM905
    "Anouk Bas Carlijn Daan Eline Femke Gijs Hanna Ilse Jeroen Karin Lotte Mark "
    "Noor Olaf Petra Quinten Roos Sander Tessa Ugo Vera Wouter Xandra Yvonne Zoë "
    "Arjen Britt Cas Demi Erik Fleur Guus Hilde Ivo Joyce Kees Lieke Maarten Nina "
    "Otto Pien Ruben Sophie Thijs Ursula Vince Willemijn Youssef Zara"
).split()

NEWSLETTER = {
    "subject": "Rust in december: drie vragen voor jezelf",
    "preheader": "Een korte oefening voor drukke weken, en nieuws uit de praktijk.",
    "body": (
        "<p>December is voor veel mensen een drukke maand. Daarom deze keer geen lang "
        "verhaal, maar drie vragen die je jezelf kunt stellen als het je even te veel "
        "wordt.</p><ol><li>Wat voel ik nu, in mijn lijf?</li><li>Wat heb ik op dit "
        "moment nodig?</li><li>Wie kan ik daarom vragen?</li></ol><p>Schrijf de "
        "antwoorden op, ook als ze klein lijken. Je zult merken dat alleen al het "
        "stilstaan ruimte geeft.</p><h2>Nieuw in de praktijk</h2><p>Vanaf januari "
        "zijn er ook sessies op zaterdagochtend, in de praktijk en online.</p>"
    ),
}

WELCOME = {
    "welcome_day": 0,
    "subject": "Welkom, fijn dat je er bent",
    "preheader": "Wat je van mij kunt verwachten.",
    "body": (
        "<p>Dank je wel voor je inschrijving! Ongeveer één keer per maand stuur ik je "
        "een nieuwsbrief met een oefening, een gedachte of nieuws uit de praktijk, en "
        "als je dat wilt ook mijn nieuwe blogartikelen.</p><p>Heb je een vraag, of wil "
        "je weten of coaching iets voor jou is? Antwoord gerust op deze mail.</p>"
    ),
}

# (name, description, the blog categories whose new posts it gets)
TOPICS = [
    (
        "Relaties",
        "Vertrouwen, communicatie en verbinding met je partner",
        ["vertrouwen-en-verbinding", "communicatie"],
    ),
    (
        "Jezelf",
        "Je gevoel leren kennen en de relatie met jezelf",
        ["gevoel-en-zelfbewustzijn"],
    ),
]


def has_content():
    return Subscriber.objects.exists()


def load():
    if Subscriber.objects.exists():
        return
    now = timezone.now()
    subscribers = []
    for number, name in enumerate(FIRST_NAMES):
        confirmed = number % 10 not in (3, 7)  # a few never confirmed or left
        status = Subscriber.Status.CONFIRMED if confirmed else Subscriber.Status.PENDING
        if number % 10 == 7:
            status = Subscriber.Status.UNSUBSCRIBED
        subscribed_at = now - timedelta(days=200 - 3 * number)
        subscribers.append(
            Subscriber(
                email=f"{name.lower().replace('ë', 'e')}@example.com",
                first_name=name,
                status=status,
                new_posts=Subscriber.NewPosts.WEEKLY if number % 4 == 0 else "each",
                subscribed_at=subscribed_at,
                consent_source="/nieuwsbrief/",
                consent_version="2026-11",
                confirmation_sent_at=subscribed_at,
                confirmed_at=subscribed_at + timedelta(minutes=4)
                if confirmed
                else None,
                unsubscribed_at=now - timedelta(days=10) if number % 10 == 7 else None,
            )
        )
    Subscriber.objects.bulk_create(subscribers)
    sent_at = now - timedelta(days=6)
    campaign = Campaign.objects.create(
        **NEWSLETTER,
        status=Campaign.Status.SENT,
        started_at=sent_at,
        finished_at=sent_at + timedelta(seconds=20),
        queued_at=sent_at,
    )
    Delivery.objects.bulk_create(
        Delivery(
            campaign=campaign,
            subscriber=subscriber,
            status=Delivery.Status.SENT,
            attempts=1,
            message_id=make_msgid("demo", domain="localhost"),
            sent_at=sent_at,
        )
        for subscriber in Subscriber.objects.exclude(status=Subscriber.Status.PENDING)
        if subscriber.confirmed_at and subscriber.confirmed_at < sent_at
    )
    WelcomeMail.objects.create(
        **WELCOME, status=Campaign.Status.ACTIVE, started_at=timezone.now()
    )
    for position, (name, description, slugs) in enumerate(TOPICS, start=1):
        topic = Topic.objects.create(
            name=name, description=description, position=position
        )
        topic.categories.set(Category.objects.filter(slug__in=slugs))
