"""The rules, as WordPress applies them by default, and the spam traps."""

import time

import pytest
from django.core import signing

from blog.models import Comment
from core.protection import TOKEN_SALT, make_form_token
from tests.blog.comments import comment_form, post_comment, trusted_commenter
from tests.blog.factories import published_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(demo_site):
    return published_post()


@pytest.fixture
def known_commenter(client, post):
    """marloes@example.com had a comment approved, written in this browser."""
    return trusted_commenter(client, post, body="Eerder.")


def status_after(client, post, **fields):
    post_comment(client, post, **fields)
    comment = Comment.objects.latest("pk")
    return comment.status, comment.reason


def test_a_browser_with_an_approved_comment_is_trusted(client, post, known_commenter):
    assert status_after(client, post, email="Marloes@Example.com ") == ("approved", "")


def test_an_address_alone_proves_nothing(client, post, known_commenter):
    """Someone else types the known address: held, and thanked in the same words."""
    stranger = client.__class__()

    held = post_comment(stranger, post, body="Ik doe me voor als Marloes.")
    trusted = post_comment(client, post, body="Ik ben het echt.")

    assert Comment.objects.get(body="Ik doe me voor als Marloes.").status == "pending"
    assert Comment.objects.get(body="Ik ben het echt.").status == "approved"
    assert messages_of(stranger, held) == messages_of(client, trusted)


def test_another_address_in_a_trusted_browser_is_held(client, post, known_commenter):
    assert status_after(client, post, email="ander@example.com")[0] == "pending"


def test_the_coach_logged_in_is_trusted(client, post, admin_user):
    client.force_login(admin_user)

    assert status_after(client, post, email="iemand@example.com") == ("approved", "")


def messages_of(client, response):
    page = client.get(response.url.split("#")[0])
    return [str(message) for message in page.context["messages"]][-1]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (
            "Zie https://a.example en https://b.example en www.c.example",
            "meer links dan toegestaan",
        ),
        ("x" * 3001, "erg lang"),
    ],
)
def test_held_regardless_of_the_address(client, post, known_commenter, body, reason):
    assert status_after(client, post, body=body) == ("pending", reason)


def test_a_word_from_the_moderation_list_holds_the_comment(
    client, post, known_commenter, settings
):
    settings.COMMENTS_MODERATION_WORDS = ["advocaat"]

    assert status_after(client, post, body="Bel mijn Advocaat maar.") == (
        "pending",
        "woord om na te kijken: advocaat",
    )


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"company": "ACME BV"}, "honeypot"),
        ({"seconds_ago": 1}, "sent too fast"),
        ({"form_token": "vervalst"}, "forged token"),
        ({"body": "Beste CASINO bonus ooit"}, "blocked word: casino"),
    ],
)
def test_bots_end_up_as_spam_and_never_on_the_page(
    client, post, known_commenter, fields, reason
):
    response = post_comment(client, post, **fields)

    comment = Comment.objects.latest("pk")
    assert (comment.status, comment.reason) == ("spam", reason)
    page = client.__class__().get(post.get_absolute_url()).content.decode()
    assert comment.body not in page or comment.body == known_commenter.body
    assert response.status_code == 302  # the same answer as for a held comment


def test_a_duplicate_within_the_hour_is_spam(client, post, known_commenter):
    post_comment(client, post, body="Precies hetzelfde.")

    assert status_after(client, post, body="Precies hetzelfde.") == (
        "spam",
        "duplicate of a recent comment",
    )


def test_an_expired_form_comes_back_with_a_fresh_token_and_nothing_lost(client, post):
    response = post_comment(client, post, seconds_ago=2 * 24 * 60 * 60)

    assert response.status_code == 400
    assert "Dit formulier stond lang open" in response.content.decode()
    assert "Wat een herkenbaar verhaal" in response.content.decode()
    assert not Comment.objects.exists()


def test_only_a_hash_of_the_address_is_stored(client, post):
    post_comment(client, post, ip="203.0.113.7")

    comment = Comment.objects.get()
    assert len(comment.ip_hash) == 64
    assert "203.0.113.7" not in str(Comment.objects.values().get())


def test_the_rate_limit_per_address_answers_429_with_a_friendly_page(client, post):
    for number in range(5):
        post_comment(
            client, post, email=f"persoon{number}@example.com", body=f"Reactie {number}"
        )

    response = post_comment(client, post, email="nog.een@example.com")

    assert response.status_code == 429
    assert "Een moment geduld" in response.content.decode()
    assert response["Retry-After"] == "600"
    assert Comment.objects.count() == 5


def test_the_rate_limit_per_e_mail_holds_across_addresses(client, post):
    for number in range(5):
        post_comment(client, post, ip=f"10.0.1.{number}", body=f"Reactie {number}")

    assert post_comment(client, post, ip="10.0.2.1").status_code == 429


def forwarded_comments(client, post, *, proxy):
    """Six comments by six people, all arriving through `proxy`."""
    return [
        client.post(
            f"/blog/{post.slug}/reageren/",
            comment_form(email=f"p{number}@example.com", body=f"Reactie {number}"),
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        ).status_code
        for number in range(6)
    ]


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(
    client, post, settings
):
    settings.TRUSTED_PROXIES = ["10.9.9.9"]

    assert 429 not in forwarded_comments(client, post, proxy="10.9.9.9")


def test_a_forwarded_address_from_anyone_else_is_ignored(client, post, settings):
    settings.TRUSTED_PROXIES = ["10.9.9.9"]

    assert forwarded_comments(client, post, proxy="10.8.8.8")[-1] == 429


def test_a_proxy_in_a_trusted_range_counts_too(client, post, settings):
    settings.TRUSTED_PROXIES = ["10.9.0.0/16"]

    assert 429 not in forwarded_comments(client, post, proxy="10.9.4.2")


def test_addresses_of_one_ipv6_network_share_a_limit(client, post):
    """A visitor on IPv6 holds a /64: rotating through it changes nothing."""
    statuses = [
        post_comment(
            client,
            post,
            ip=f"2001:db8:1:2::{number:x}",
            email=f"p{number}@example.com",
            body=f"Reactie {number}",
        ).status_code
        for number in range(6)
    ]
    elsewhere = post_comment(client, post, ip="2001:db8:1:3::1", email="x@example.com")

    assert statuses == [302] * 5 + [429]
    assert elsewhere.status_code == 302


def test_a_form_token_is_spent_by_its_first_submission(client, post):
    form = comment_form(email="een@example.com", body="Eerste keer.")
    url = f"/blog/{post.slug}/reageren/"

    client.post(url, form, REMOTE_ADDR="10.0.0.5")
    replay = client.post(
        url, {**form, "email": "twee@example.com"}, REMOTE_ADDR="10.0.0.6"
    )

    assert replay.status_code == 302  # a bot learns nothing
    assert Comment.objects.get(email="een@example.com").status == "pending"
    assert Comment.objects.get(email="twee@example.com").reason == "token used before"


def test_tokens_made_in_the_same_moment_differ():
    assert make_form_token("comment", issued_at=1) != make_form_token(
        "comment", issued_at=1
    )


@pytest.mark.parametrize(
    "token",
    [
        # As the site made them before 2026-12: still valid on pages left open.
        lambda: signing.dumps(
            {"p": "comment", "t": time.time() - 10, "n": "0a1b2c"}, salt=TOKEN_SALT
        ),
        lambda: make_form_token("comment", issued_at=time.time() - 10),
    ],
    ids=["earlier format", "current format"],
)
def test_a_comment_with_a_valid_token_goes_through(client, post, token):
    status, reason = status_after(client, post, form_token=token())

    assert status == "pending"
    assert reason == "nog geen goedgekeurde reactie vanuit deze browser"


@pytest.mark.parametrize(
    "token",
    [
        lambda: make_form_token("newsletter", issued_at=time.time() - 10),
        lambda: signing.Signer(salt=TOKEN_SALT).sign("comment/gisteren/0a1b2c"),
        lambda: signing.Signer(salt="elders").sign(f"comment/{time.time() - 10}/0a"),
        lambda: "comment/1.0/0a1b2c:niet-ondertekend",
    ],
    ids=["other form", "no moment", "other salt", "unsigned"],
)
def test_a_comment_with_a_token_the_site_did_not_make_for_it_is_spam(
    client, post, token
):
    assert status_after(client, post, form_token=token()) == ("spam", "forged token")
