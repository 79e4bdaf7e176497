"""What the coach and commenters receive, and the links in those e-mails."""

import re

import pytest
from django.core import mail

from blog.models import Comment
from blog.services import approve_comment, reply_as_author
from core.models import SiteProfile
from tests.blog.comments import post_comment
from tests.blog.factories import published_post
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(demo_site):
    profile = SiteProfile.get_solo()
    profile.contact_email = "sanne@example.com"
    profile.save()
    return published_post(title="Over grenzen")


def links(message):
    return re.findall(r"https?://\S+", message.body)


def held(client, post, django_capture_on_commit_callbacks, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, post, **fields)
    return Comment.objects.latest("pk")


def test_the_coach_hears_of_a_held_comment_and_approves_it_in_one_click(
    client, post, django_capture_on_commit_callbacks
):
    comment = held(client, post, django_capture_on_commit_callbacks)

    (notice,) = mail.outbox
    assert notice.to == ["sanne@example.com"]
    assert notice.subject == "Reactie van Marloes wacht op goedkeuring: Over grenzen"
    assert "Sanne Verbeek Relatiecoaching" in notice.from_email
    assert "Wat een herkenbaar verhaal" in notice.body
    html = notice.alternatives[0].content
    assert 'style="' in html and "<style" not in html  # CSS inlined
    approve_url = next(url for url in links(notice) if "/goedkeuren/" in url)
    path = approve_url.removeprefix("http://localhost:8000")

    page = client.get(path)
    assert comment.body in page.content.decode()
    assert (
        Comment.objects.get().status == Comment.Status.PENDING
    )  # a GET changes nothing
    done = client.post(path)

    assert "De reactie is gepubliceerd." in done.content.decode()
    assert Comment.objects.get().status == Comment.Status.APPROVED


def test_spam_sends_nothing(client, post, django_capture_on_commit_callbacks):
    held(client, post, django_capture_on_commit_callbacks, company="Bot BV")

    assert mail.outbox == []


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJjIjoxfQ:1vQ3yr:tampered"],
)
def test_a_forged_approve_link_is_a_friendly_404(client, post, token):
    response = client.post(f"/blog/reacties/goedkeuren/{token}/")

    assert response.status_code == 404
    assert "Deze link werkt niet meer" in response.content.decode()


def test_an_approve_link_cannot_be_used_to_stop_notices(
    client, post, django_capture_on_commit_callbacks
):
    held(client, post, django_capture_on_commit_callbacks)
    approve_url = next(url for url in links(mail.outbox[0]) if "/goedkeuren/" in url)
    token = approve_url.rstrip("/").rsplit("/", 1)[1]

    response = client.post(f"/blog/reacties/meldingen-stoppen/{token}/")

    assert response.status_code == 404


def test_notices_of_replies_need_confirmation_then_arrive_once(
    client, post, admin_user, django_capture_on_commit_callbacks
):
    comment = held(
        client, post, django_capture_on_commit_callbacks, wants_reply_notices="on"
    )
    confirmation = next(m for m in mail.outbox if m.to == ["marloes@example.com"])
    assert confirmation.subject == "Bevestig: meldingen van reacties op je reactie"
    with django_capture_on_commit_callbacks(execute=True):
        approve_comment(comment=comment)
        reply_as_author(comment=comment, user=admin_user, body="Nog niet bevestigd.")
    assert not any("reageerde" in m.subject for m in mail.outbox)  # not confirmed yet

    confirm = next(url for url in links(confirmation) if "/meldingen/" in url)
    client.post(confirm.removeprefix("http://localhost:8000"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = reply_as_author(comment=comment, user=admin_user, body="Dank je wel!")
        approve_comment(comment=reply)  # approving again sends nothing more

    (notice,) = mail.outbox
    assert notice.to == ["marloes@example.com"]
    assert "Dank je wel!" in notice.body
    stop_url = notice.extra_headers["List-Unsubscribe"].strip("<>")
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    client.post(stop_url.removeprefix("http://localhost:8000"))
    comment.refresh_from_db()
    assert not comment.wants_reply_notices


def test_the_confirmation_link_shows_a_page_before_it_confirms(
    client, post, django_capture_on_commit_callbacks
):
    comment = held(
        client, post, django_capture_on_commit_callbacks, wants_reply_notices="on"
    )
    confirm = next(url for url in links(mail.outbox[-1]) if "/meldingen/" in url)

    page = parse(client.get(confirm.removeprefix("http://localhost:8000")))

    assert page.find("button").get_text() == "Ja, mail me als iemand reageert"
    comment.refresh_from_db()
    assert comment.reply_notices_confirmed_at is None
