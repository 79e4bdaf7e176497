import factory
from django.utils import timezone

from newsletter.models import Campaign, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber; pass status for others."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"lezer{n}@example.com")
    status = Subscriber.Status.CONFIRMED
    consent_version = "2026-11"
    confirmed_at = factory.LazyFunction(timezone.now)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    subject = "Nieuws uit de praktijk"
    body = '<p>Hallo! Lees <a href="/blog/">het blog</a>.</p>'
