"""Every link that carries authority in its address: signed for one purpose, long
enough not to be guessed, expiring where it should; a tampered, expired or
cross-used one gives the friendly "link no longer works" page and changes nothing."""

import base64
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from blog import links as blog_links
from blog.models import Comment
from booking import links as booking_links
from booking.links import manage_token
from booking.models import Booking, CalendarFeed, WaitingListEntry
from clients import links as client_links
from clients.models import SignIn
from coachsite import client_privacy
from core.links import DAY, LinkPurpose
from newsletter import links as newsletter_links
from newsletter.models import Subscriber
from prepaid import links as prepaid_links
from reviews import links as review_links
from reviews.models import Review
from tests.blog.factories import published_post
from tests.booking.factories import BookingFactory
from tests.newsletter.factories import SubscriberFactory
from tests.prepaid.factories import active_card, active_voucher
from tests.tokens import token_made_ago

pytestmark = pytest.mark.django_db

INVALID = "Deze link werkt niet meer"

# (URL name, purpose, the object whose id it signs, how long it works)
LINKS = [
    ("newsletter:confirm", newsletter_links.CONFIRM, "subscriber", 7 * DAY),
    ("newsletter:unsubscribe", newsletter_links.MANAGE, "subscriber", None),
    ("newsletter:preferences", newsletter_links.MANAGE, "subscriber", None),
    ("blog:approve_comment", blog_links.APPROVE, "comment", 14 * DAY),
    ("blog:confirm_reply_notices", blog_links.CONFIRM_NOTICES, "comment", 7 * DAY),
    ("blog:stop_reply_notices", blog_links.STOP_NOTICES, "comment", None),
    ("booking:booked", booking_links.MANAGE, "booking", None),
    ("booking:manage", booking_links.MANAGE, "booking", None),
    ("booking:cancel", booking_links.MANAGE, "booking", None),
    ("booking:invitation", booking_links.MANAGE, "booking", None),
    ("booking:confirm", booking_links.CONFIRM, "held", 7 * DAY),
    ("booking:pay", booking_links.PAY, "held", 7 * DAY),
    ("booking:waiting", booking_links.WAITING, "waiting", 12 * 60 * 60),
    ("prepaid:card", prepaid_links.CARD, "card", None),
    ("prepaid:voucher", prepaid_links.VOUCHER, "voucher", None),
    ("prepaid:redeem_with", prepaid_links.REDEEM, "voucher", DAY),
    ("clients:sign_in", client_links.SIGN_IN, "sign_in", 30 * 60),
    ("coachsite:client_erase", client_privacy.ERASE, "email", DAY),
    ("reviews:write", review_links.WRITE, "completed", 60 * DAY),
]
PURPOSES = sorted({purpose for _, purpose, _, _ in LINKS}, key=lambda p: p.name)


@pytest.fixture
def objects(demo_site):
    post = published_post()
    return {
        "subscriber": str(SubscriberFactory(status=Subscriber.Status.PENDING).key),
        "comment": str(
            Comment.objects.create(
                post=post,
                name="Marloes",
                email="m@example.com",
                body="Mooi.",
                wants_reply_notices=True,
            ).key
        ),
        "booking": str(
            BookingFactory(starts_at=timezone.now() + timedelta(days=10)).uid
        ),
        "held": str(
            BookingFactory(
                starts_at=timezone.now() + timedelta(days=12),
                status=Booking.Status.HELD,
                held_until=timezone.now() + timedelta(minutes=30),
            ).uid
        ),
        "sign_in": SignIn.objects.create(email="anouk@example.com").key,
        "email": "anouk@example.com",
        "card": str(active_card().key),
        "waiting": str(waiting_entry().key),
        "voucher": str(active_voucher().key),
        "completed": str(
            BookingFactory(
                starts_at=timezone.now() - timedelta(days=2),
                status=Booking.Status.COMPLETED,
            ).uid
        ),
    }


def waiting_entry():
    booking = BookingFactory(starts_at=timezone.now() + timedelta(days=5))
    return WaitingListEntry.objects.create(
        session_type=booking.session_type,
        day=timezone.localdate(booking.starts_at),
        name="Joris",
        email="joris@example.com",
    )


def link(url_name, token):
    return reverse(url_name, kwargs={"token": token})


def assert_invalid(response):
    assert response.status_code == 404
    assert INVALID in response.content.decode()


def test_the_max_ages_above_are_the_site_s_own(settings):
    assert LINKS[0][3] == settings.NEWSLETTER_CONFIRM_DAYS * DAY
    assert LINKS[-1][3] == settings.REVIEWS_LINK_DAYS * DAY
    assert LINKS[-3][3] == settings.CLIENT_LINK_MINUTES * 60
    for _url_name, purpose, _, max_age in LINKS:
        assert purpose.max_age == max_age


def test_every_kind_of_link_is_tested_here():
    assert set(PURPOSES) == set(LinkPurpose.registry.values())


@pytest.mark.parametrize(("url_name", "purpose", "kind", "max_age"), LINKS)
def test_a_genuine_link_works(client, objects, url_name, purpose, kind, max_age):
    response = client.get(link(url_name, purpose.token(objects[kind])))

    assert response.status_code == 200


@pytest.mark.parametrize(("url_name", "purpose", "kind", "max_age"), LINKS)
def test_a_tampered_link_is_refused(client, objects, url_name, purpose, kind, max_age):
    token = purpose.token(objects[kind])
    payload, signature = token.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    other_value = purpose.token(999_999 if kind != "booking" else "0" * 32)

    assert_invalid(client.get(link(url_name, f"{payload}:{flipped}")))
    # Another value's payload under this signature:
    assert_invalid(
        client.get(link(url_name, f"{other_value.rsplit(':', 1)[0]}:{signature}"))
    )
    assert_invalid(client.get(link(url_name, "niet-eens-een-token")))


@pytest.mark.parametrize(("url_name", "purpose", "kind", "max_age"), LINKS)
def test_a_token_made_for_another_purpose_is_refused(
    client, objects, url_name, purpose, kind, max_age
):
    """The same object, signed for something else: e.g. a booking's manage link
    turned into a review link, or a newsletter confirmation into an unsubscribe."""
    for other in PURPOSES:
        if other != purpose:
            assert_invalid(client.get(link(url_name, other.token(objects[kind]))))


@pytest.mark.parametrize(
    ("url_name", "purpose", "kind", "max_age"),
    [entry for entry in LINKS if entry[3] is not None],
)
def test_a_link_expires(client, objects, url_name, purpose, kind, max_age):
    fresh = token_made_ago(purpose, objects[kind], seconds=max_age - 60)
    stale = token_made_ago(purpose, objects[kind], seconds=max_age + 60)

    assert client.get(link(url_name, fresh)).status_code == 200
    assert_invalid(client.get(link(url_name, stale)))


@pytest.mark.parametrize("purpose", PURPOSES)
def test_signatures_carry_at_least_128_bits(purpose):
    signature = purpose.token(1).rsplit(":", 1)[1]

    assert len(base64.urlsafe_b64decode(signature + "==")) * 8 >= 128


def test_a_review_link_writes_one_review(client, objects):
    token = review_links.WRITE.token(objects["completed"])
    Review.objects.create(
        booking=Booking.objects.get(uid=objects["completed"]), rating=5,
        text="Fijn.", display_name="A.", verified=True,
    )  # fmt: skip

    response = client.get(link("reviews:write", token))

    assert response.status_code == 200
    assert 'name="text"' not in response.content.decode()  # thanked, no second form


def test_the_agenda_feed_address_is_random_and_renewing_it_ends_the_old_one(client):
    old = CalendarFeed.renew().get_absolute_url()
    feed = CalendarFeed.renew()
    new = feed.get_absolute_url()

    assert len(base64.urlsafe_b64decode(feed.token + "==")) * 8 >= 128
    assert old != new
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404
    assert client.get(new.replace(feed.token, feed.token[:-1])).status_code == 404


def test_links_carry_no_ids_of_rows(objects):
    """A key in a link tells nobody how many comments or subscribers there are."""
    for _url_name, purpose, kind, _max_age in LINKS:
        payload = signing.loads(purpose.token(objects[kind]), salt=purpose.salt)
        assert not str(payload).isdigit()


def test_unsubscribe_links_mailed_with_ids_before_keys_still_work(client):
    subscriber = SubscriberFactory()
    legacy = newsletter_links.MANAGE.token(subscriber.pk)

    client.post(link("newsletter:unsubscribe", legacy))

    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_an_approve_link_acts_only_on_a_comment_still_waiting(client, objects):
    comment = Comment.objects.get(key=objects["comment"])
    token = blog_links.APPROVE.token(objects["comment"])
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.SPAM)

    response = client.post(link("blog:approve_comment", token))

    assert_invalid(response)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def test_a_booking_link_ends_some_days_after_the_session(client, settings):
    settings.BOOKING_LINK_DAYS_AFTER = 14
    recent = BookingFactory(starts_at=timezone.now() - timedelta(days=13))
    old = BookingFactory(starts_at=timezone.now() - timedelta(days=15))

    assert client.get(link("booking:manage", manage_token(recent))).status_code == 200
    assert_invalid(client.get(link("booking:manage", manage_token(old))))
