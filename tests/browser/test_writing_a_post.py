"""The coach (the Coach group's member of tests/browser/conftest.py) writes a post
in the admin with CKEditor 5; a visitor finds it."""

import pytest

from blog.models import Post
from tests.browser.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")


def test_the_coach_writes_and_publishes_a_post_that_visitors_find(
    page, browser, live_server, coach, demo_site
):
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    log_in(page, "sanne", PASSWORD)

    page.goto("/admin/blog/post/add/")
    page.fill("#id_title", "Samen zwijgen over jaloezie")
    editor = page.locator(".ck-editor__editable")
    editor.click()
    page.keyboard.type("## Waarom we zwijgen")
    page.keyboard.press("Enter")
    page.keyboard.type("Soms is stilte een teken van ")
    page.keyboard.press("Control+k")
    page.keyboard.type("https://example.com/stilte")
    page.keyboard.press("Enter")
    page.keyboard.type(" en dat mag je onderzoeken.")
    page.fill(
        "#id_meta_description",
        "Waarom stellen zwijgen over jaloezie en hoe je het gesprek begint.",
    )
    page.click("input[name=_publish]")
    page.wait_for_url("**/admin/blog/post/*/change/")

    post = Post.objects.get()
    assert post.slug == "samen-zwijgen-over-jaloezie"
    assert post.is_public
    assert "<h2>Waarom we zwijgen</h2>" in post.body
    assert (
        '<a href="https://example.com/stilte" rel="noopener">https://example.com/stilte</a>'
        in post.body
    )
    assert console_errors == []

    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/blog/")
    visitor.click("text=Samen zwijgen over jaloezie")
    assert visitor.locator("h1").inner_text() == "Samen zwijgen over jaloezie"
    assert visitor.locator(".prose h2").inner_text() == "Waarom we zwijgen"
    visitor.goto("/blog/zoeken/?q=zwijgen")
    assert (
        visitor.locator(".search-result h2").inner_text()
        == "Samen zwijgen over jaloezie"
    )
    feed = visitor.request.get(f"{live_server.url}/blog/feed/").text()
    assert "Samen zwijgen over jaloezie" in feed
    visitor.context.close()
