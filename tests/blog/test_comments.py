"""Visitors leave comments and replies; what they see, and what is kept."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from blog.models import Comment
from core.versions import everything_changed
from tests.blog.comments import post_comment, trusted_commenter
from tests.blog.factories import published_post
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(demo_site):
    return published_post(title="Over vertrouwen")


def approved(post, **fields):
    return Comment.objects.create(
        post=post,
        name=fields.pop("name", "Anouk"),
        email=fields.pop("email", "anouk@example.com"),
        body=fields.pop("body", "Mooi geschreven."),
        status=Comment.Status.APPROVED,
        **fields,
    )


def test_the_form_asks_for_name_e_mail_website_comment_and_consent(client, post):
    soup = parse(client.get(post.get_absolute_url()))

    form = soup.find("form", attrs={"data-comment-form": True})
    names = {field["name"] for field in form.find_all(["input", "textarea"])}
    assert {"name", "email", "website", "body", "consent", "remember"} <= names
    assert {"wants_reply_notices", "form_token", "company", "parent"} <= names
    assert form.find("a", href="/privacy/")
    assert soup.find("h3", id="respond-title").get_text() == "Laat een reactie achter"


def test_a_first_comment_is_held_and_shown_only_to_its_writer(client, post):
    response = post_comment(client, post)

    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.reason == "nog geen goedgekeurde reactie vanuit deze browser"
    assert response.status_code == 302
    own_page = parse(client.get(response.url.split("#")[0]))
    assert "Bedankt voor je reactie! Nieuwe reacties verschijnen" in own_page.get_text()
    mine = own_page.find(id=f"comment-{comment.pk}")
    assert "Wacht op goedkeuring" in mine.get_text()

    stranger = client.__class__()
    assert (
        f"comment-{comment.pk}"
        not in stranger.get(post.get_absolute_url()).content.decode()
    )


def test_a_returning_commenter_is_published_at_once(client, post):
    trusted_commenter(client, post)

    post_comment(client, post, body="Weer een mooi stuk.")

    assert (
        Comment.objects.get(body="Weer een mooi stuk.").status
        == Comment.Status.APPROVED
    )
    assert (
        "Weer een mooi stuk."
        in client.__class__().get(post.get_absolute_url()).content.decode()
    )


def test_replies_nest_to_three_levels(client, post):
    top = approved(post, email="marloes@example.com")
    reply = approved(post, parent=top)
    deepest = approved(post, parent=reply)

    soup = parse(client.get(post.get_absolute_url()))

    assert soup.select_one(
        f"#comment-{top.pk} > .comment-replies > #comment-{reply.pk}"
    )
    assert soup.select_one(
        f"#comment-{reply.pk} > .comment-replies > #comment-{deepest.pk}"
    )
    assert soup.select_one(f"#comment-{top.pk} .comment-reply")["href"] == (
        f"?reply_to={top.pk}#respond"
    )
    assert not soup.select_one(f"#comment-{deepest.pk} .comment-reply")
    response = post_comment(client, post, parent=deepest.pk)
    assert response.status_code == 400
    assert "Hier kun je niet verder op reageren." in response.content.decode()
    assert deepest.depth == 3


def test_without_javascript_reply_links_set_the_form_to_reply(client, post):
    top = approved(post, name="Jeroen")

    soup = parse(client.get(post.get_absolute_url(), {"reply_to": top.pk}))

    assert soup.find("input", attrs={"name": "parent"})["value"] == str(top.pk)
    assert (
        "Je reageert op Jeroen."
        in soup.find(attrs={"data-replying-to": True}).get_text()
    )


def test_a_reply_goes_under_its_comment(client, post):
    top = approved(post, email="marloes@example.com")

    post_comment(client, post, parent=top.pk, body="Eens!")

    assert Comment.objects.get(body="Eens!").parent == top


def test_the_coachs_replies_are_marked_as_the_authors(client, post, admin_user):
    top = approved(post)
    approved(post, parent=top, author=admin_user, name="Sanne Verbeek", body="Dank je!")

    soup = parse(client.get(post.get_absolute_url()))

    coach = soup.select_one(".comment-by-author")
    assert "Auteur" in coach.find(class_="badge").get_text()
    assert "Dank je!" in coach.get_text()


def test_visitor_text_is_escaped_with_links_and_line_breaks(client, post):
    approved(
        post,
        body="<script>alert(1)</script> Zie https://example.com/hulp\nen <b>dit</b>",
        website="https://anouk.example",
    )

    soup = parse(client.get(post.get_absolute_url()))

    body = soup.find(class_="comment-body")
    assert not body.find("script") and not body.find("b")
    assert "<script>alert(1)</script>" in body.get_text()
    link = body.find("a")
    assert link["href"] == "https://example.com/hulp"
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert body.find("br")
    assert soup.find(class_="comment-author").find("a")["rel"] == [
        "nofollow",
        "ugc",
        "noopener",
    ]


def test_the_e_mail_address_is_never_shown(client, post):
    approved(post, email="geheim@example.com")

    assert (
        "geheim@example.com" not in client.get(post.get_absolute_url()).content.decode()
    )


def test_a_form_with_errors_comes_back_filled_in(client, post):
    response = post_comment(client, post, email="geen-adres", consent="")

    assert response.status_code == 400
    soup = parse(response)
    form = soup.find("form", attrs={"data-comment-form": True})
    assert (
        form.find("textarea").get_text().strip()
        == "Wat een herkenbaar verhaal, dank je wel."
    )
    assert form.find("input", attrs={"name": "name"})["value"] == "Marloes"
    assert form.find("input", attrs={"name": "email"})["aria-invalid"] == "true"
    assert "Zonder je akkoord" in form.get_text()
    assert not Comment.objects.exists()


def test_json_posting_answers_with_the_new_comment(client, post):
    approved(post, email="marloes@example.com")

    response = post_comment(client, post, json=True, body="Via het script.")

    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert "Via het script." in response.json()["html"]


def test_json_posting_answers_errors_per_field(client, post):
    response = post_comment(client, post, json=True, name="")

    assert response.status_code == 400
    assert response.json()["errors"]["name"][0]["message"] == "Vul je naam in."
    assert response.json()["token"]


def test_the_commenter_can_be_remembered_in_a_cookie_only_when_asked(client, post):
    post_comment(client, post, remember="on", website="https://marloes.example")

    assert "comment_author" in client.cookies
    soup = parse(client.get(post.get_absolute_url()))
    assert soup.find("input", attrs={"name": "name"})["value"] == "Marloes"
    assert soup.find("input", attrs={"name": "remember"}).has_attr("checked")

    post_comment(client, post, body="Zonder onthouden.")
    assert client.cookies["comment_author"].value == ""


def test_comments_are_paginated_by_thread_after_fifty(client, post, settings):
    settings.COMMENTS_PER_PAGE = 50
    for number in range(55):
        approved(post, body=f"Reactie nummer {number}.")

    first, second = (
        client.get(post.get_absolute_url()),
        client.get(post.get_absolute_url(), {"page": 2}),
    )

    assert len(parse(first).select(".comment-list > .comment")) == 50
    assert len(parse(second).select(".comment-list > .comment")) == 5
    assert "55 reacties" in parse(first).find(id="comments-title").get_text()


def test_comment_counts_show_on_post_lists(client, post):
    approved(post)
    approved(post)
    Comment.objects.create(post=post, name="x", email="x@example.com", body="nog niet")

    soup = parse(client.get("/blog/"))

    assert "2 reacties" in soup.find(class_="post-card").get_text()


def test_comments_close_when_the_post_says_so_or_is_old(client, post, settings):
    post.allow_comments = False
    post.save()

    assert (
        "Reageren op dit bericht is niet meer mogelijk."
        in client.get(post.get_absolute_url()).content.decode()
    )
    assert post_comment(client, post).status_code == 302
    assert not Comment.objects.exists()

    post.allow_comments = True
    post.save()
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    assert post.comments_open
    settings.COMMENTS_CLOSE_AFTER_DAYS = 1
    post.published_at -= timedelta(days=2)
    assert not post.comments_open


def test_the_post_page_keeps_its_query_count_with_200_comments(client, post):
    approved(post)
    with CaptureQueriesContext(connection) as one_comment:
        client.get(post.get_absolute_url())
    top = approved(post)
    for number in range(199):
        approved(post, body=f"Nummer {number}", parent=top if number % 3 else None)
    everything_changed()

    with CaptureQueriesContext(connection) as many_comments:
        response = client.get(post.get_absolute_url())

    assert "201 reacties" in response.content.decode()
    assert len(many_comments) == len(one_comment) <= 10


@pytest.mark.parametrize(
    "name",
    [
        "WIN a prize at https://spam.example",
        "www.casino.example",
        "Bel nu: goedkoop.nl",
    ],
)
def test_a_name_with_a_web_address_is_refused(client, post, name):
    response = post_comment(client, post, name=name)

    assert response.status_code == 400
    assert "zonder webadres" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("reply_to", ["²", "٣", "9" * 40, "-1", " 7"])
def test_odd_numbers_to_reply_to_are_ignored(client, post, reply_to):
    assert (
        client.get(post.get_absolute_url(), {"reply_to": reply_to}).status_code == 200
    )
