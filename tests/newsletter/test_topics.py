"""Interests: the sign-up form offers the coach's topics, a mailing may go to one
topic, and a new post goes to the topics of its categories."""

import pytest
from django.core import mail
from django.urls import reverse

from newsletter import mailings
from newsletter.links import MANAGE, token_for
from newsletter.models import Campaign, Subscriber, Topic
from newsletter.tasks import send_campaign
from tests.blog.factories import CategoryFactory, published_post
from tests.html import parse
from tests.newsletter.factories import CampaignFactory, SubscriberFactory
from tests.newsletter.test_subscribing import sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics():
    relationships, oneself = CategoryFactory(name="Relaties"), CategoryFactory()
    relaties = Topic.objects.create(name="Relaties", position=1)
    relaties.categories.add(relationships)
    zelf = Topic.objects.create(name="Zelf", description="Over jezelf", position=2)
    zelf.categories.add(oneself)
    return {"relaties": relaties, "zelf": zelf, "categories": (relationships, oneself)}


@pytest.fixture
def readers(topics):
    """One reader per choice: Relaties, Zelf, both, and nothing (everything)."""
    chosen = {
        "relaties@example.com": [topics["relaties"]],
        "zelf@example.com": [topics["zelf"]],
        "beide@example.com": [topics["relaties"], topics["zelf"]],
        "alles@example.com": [],
    }
    for email, its_topics in chosen.items():
        SubscriberFactory(email=email).topics.set(its_topics)


def recipients(campaign):
    mail.outbox.clear()
    send_campaign.call(campaign.pk)
    return sorted(message.to[0] for message in mail.outbox)


def test_the_sign_up_form_offers_the_topics(
    client, topics, django_capture_on_commit_callbacks
):
    page = parse(client.get(reverse("newsletter:subscribe")))
    boxes = page.find_all("input", attrs={"name": "topics"})
    assert [box.find_parent("label").get_text(strip=True) for box in boxes] == [
        "Relaties",
        "Zelf: Over jezelf",
    ]
    footer = parse(client.get("/over-mij/")).find("footer")
    assert not footer.find("input", attrs={"name": "topics"})  # the short form

    sign_up(client, django_capture_on_commit_callbacks, topics=[topics["zelf"].pk])
    assert list(Subscriber.objects.get().topics.all()) == [topics["zelf"]]


def test_without_topics_the_form_asks_nothing_about_them(client):
    page = parse(client.get(reverse("newsletter:subscribe")))
    assert not page.find("input", attrs={"name": "topics"})
    assert "Waar wil je over lezen?" not in page.get_text()


def test_a_mailing_for_one_topic(topics, readers):
    campaign = CampaignFactory(status=Campaign.Status.SCHEDULED, topic=topics["zelf"])
    assert recipients(campaign) == [
        "alles@example.com", "beide@example.com", "zelf@example.com"
    ]  # fmt: skip
    everyone = CampaignFactory(status=Campaign.Status.SCHEDULED, subject="Iedereen")
    assert len(recipients(everyone)) == 4


def test_a_new_post_goes_to_the_topics_of_its_categories(topics, readers):
    relationships, _oneself = topics["categories"]
    post = published_post()
    post.categories.add(relationships)
    campaign = mailings.new_post_mailing(post_id=post.pk)
    assert recipients(campaign) == [
        "alles@example.com", "beide@example.com", "relaties@example.com"
    ]  # fmt: skip

    # A post in a category no topic covers is for everyone.
    elsewhere = published_post()
    elsewhere.categories.add(CategoryFactory(name="Praktijknieuws"))
    assert len(recipients(mailings.new_post_mailing(post_id=elsewhere.pk))) == 4


def test_a_subscriber_changes_their_topics(client, topics, readers):
    subscriber = Subscriber.objects.get(email="relaties@example.com")
    url = reverse("newsletter:preferences", args=[token_for(MANAGE, subscriber)])

    client.post(
        url,
        {"first_name": "", "new_posts": "each", "topics": [topics["zelf"].pk]},
    )

    assert list(subscriber.topics.all()) == [topics["zelf"]]
    page = parse(client.get(url))
    assert page.find("input", attrs={"name": "topics", "checked": True})["value"] == (
        str(topics["zelf"].pk)
    )


def test_the_coach_sees_whom_a_mailing_for_a_topic_goes_to(
    admin_client, topics, readers
):
    campaign = CampaignFactory(topic=topics["relaties"])

    page = admin_client.get(
        reverse("admin:newsletter_campaign_change", args=[campaign.pk])
    ).content.decode()

    assert "Deze mailing gaat nu naar 3 abonnees." in page
    assert "Nu versturen naar de abonnees van \u2018Relaties\u2019" in page
