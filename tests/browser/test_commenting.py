"""A visitor comments, the coach approves and replies, the visitor sees both."""

import re

import pytest
from django.contrib.auth import get_user_model

from blog.models import Comment
from tests.blog.factories import published_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def post(demo_site, settings):
    settings.FORMS_MIN_SECONDS = 1
    return published_post(title="Over verbinding")


def fill_comment(page, body):
    page.fill("textarea[name=body]", body)
    page.fill("input[name=name]", "Marloes")
    page.fill("input[name=email]", "marloes@example.com")
    page.check("input[name=consent]")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_comment_is_held_approved_and_answered(
    browser, live_server, post, javascript
):
    visitor = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript
    )
    page = visitor.new_page()
    page.goto(post.get_absolute_url())
    page.wait_for_timeout(1100)  # a person takes longer than the minimum
    fill_comment(page, "Dit raakt me echt.")

    page.click("text=Reactie plaatsen")

    status = page.locator(".message, [data-form-status] .message").first
    status.wait_for()
    assert "verschijnen zodra ze zijn goedgekeurd" in status.inner_text()
    own = page.locator(".comment-pending")
    assert "Wacht op goedkeuring" in own.inner_text()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING

    coach = browser.new_context(base_url=live_server.url).new_page()
    get_user_model().objects.create_superuser(
        "coach", "coach@example.com", "wachtwoord-42-lang"
    )
    coach.goto("/admin/login/")
    coach.fill("#id_username", "coach")
    coach.fill("#id_password", "wachtwoord-42-lang")
    coach.click("input[type=submit]")
    coach.goto(f"/admin/blog/comment/{comment.pk}/change/")
    coach.fill("textarea[name=reply]", "Dank je, Marloes!")
    coach.click("input[name=_save]")
    coach.wait_for_url(re.compile(r".*/admin/blog/comment/$"))
    coach.context.close()

    stranger = browser.new_context(base_url=live_server.url).new_page()
    stranger.goto(post.get_absolute_url())
    thread = stranger.locator(f"#comment-{comment.pk}")
    assert "Dit raakt me echt." in thread.inner_text()
    assert "Wacht op goedkeuring" not in thread.inner_text()
    reply = thread.locator(".comment-by-author")
    assert "Dank je, Marloes!" in reply.inner_text()
    assert "Auteur" in reply.inner_text()
    stranger.context.close()
    visitor.close()


def test_replying_moves_the_form_under_the_comment(page, post):
    Comment.objects.create(
        post=post,
        name="Jeroen",
        email="j@example.com",
        body="Vraag.",
        status="approved",
    )
    page.goto(post.get_absolute_url())

    page.click("text=Reageer")

    assert page.locator(".comment .comment-respond").count() == 1
    assert "Je reageert op Jeroen." in page.locator("[data-replying-to]").inner_text()
    assert page.evaluate("document.activeElement.name") == "body"
