"""A flood of bots publishes nothing, hostile input breaks nothing, and a person
posting in the middle of it all still gets through."""

import re
import time

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blog.models import Comment
from core.models import Counter
from core.protection import token_age
from tests.blog.comments import post_comment, trusted_commenter
from tests.blog.factories import published_post
from tests.html import parse

pytestmark = pytest.mark.django_db

BOTS = [
    {"company": "Cheap Pills Ltd"},  # fills the honeypot
    {"seconds_ago": 0},  # posts the moment the page arrives
    {"body": "Great post! https://a.example https://b.example https://c.example"},
    {"form_token": "made-up"},
    {},  # a well-behaved bot from one address, soon over the rate limit
]


@pytest.fixture
def post(demo_site):
    return published_post(title="Vloed")


def test_a_thousand_bots_publish_nothing_while_a_person_gets_through(client, post):
    person = client.__class__()  # a returning commenter, in her own browser
    earlier = trusted_commenter(person, post, ip="198.51.100.20", body="Eerder.")
    statuses = []
    for number in range(1000):
        bot = BOTS[number % len(BOTS)]
        address = "192.0.2.1" if not bot else f"192.0.2.{number % 200}"
        response = post_comment(
            client, post, ip=address, email=f"bot{number}@spam.example", **bot
        )
        statuses.append(response.status_code)
        if number == 500:
            answer = post_comment(person, post, ip="198.51.100.20", body="Ik ben echt.")

    assert answer.status_code == 302
    assert Comment.objects.get(body="Ik ben echt.").status == Comment.Status.APPROVED
    published = Comment.objects.approved().exclude(pk=earlier.pk)
    assert list(published.values_list("body", flat=True)) == ["Ik ben echt."]
    assert 429 in statuses and 500 not in statuses
    page = client.__class__().get(post.get_absolute_url()).content.decode()
    assert "Cheap" not in page and "Great post" not in page


HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "javascript:alert(1)",
            '"><img src=x onerror=alert(1)>',
            "Naam\r\nBcc: slachtoffer@example.com",
            "x\x00y",
            "😀" * 50,
            "x" * 100_000,
        ]
    ),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=HOSTILE_TEXT, email=HOSTILE_TEXT, website=HOSTILE_TEXT, body=HOSTILE_TEXT)
def test_hostile_input_never_breaks_or_leaks_into_pages_and_mails(
    client, post, name, email, website, body
):
    Counter.objects.all().delete()  # each example starts below the rate limit
    mail.outbox.clear()
    post.comments.all().delete()

    response = post_comment(
        client,
        post,
        ip="203.0.113.9",
        name=name,
        email=email,
        website=website,
        body=body,
        seconds_ago=10,
    )
    client.cookies.clear()

    assert response.status_code in (302, 400, 429)
    html = response.content.decode() if response.status_code == 400 else ""
    for comment in post.comments.all():
        comment.status = Comment.Status.APPROVED
        comment.save()
        html += client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "onerror=alert(1)>" not in html
    assert not re.search(r'href="javascript:', html, re.IGNORECASE)
    for message in mail.outbox:
        assert all(
            "\n" not in value and "\r" not in value
            for value in message.extra_headers.values()
        )
        assert "\n" not in message.subject and "\r" not in message.subject
        assert len(message.recipients()) == 1


def form_token(response):
    return parse(response).find("input", attrs={"name": "form_token"})["value"]


def test_a_cached_page_gives_each_visitor_a_fresh_form_token(client, post):
    first = client.get(post.get_absolute_url())
    time.sleep(1)

    second = client.get(post.get_absolute_url())

    assert form_token(first) != form_token(second)
    # Made when served, not a second earlier with the cached page (tokens carry
    # their moment to a tenth of a second).
    assert token_age(form_token(second), "comment") < 0.5
