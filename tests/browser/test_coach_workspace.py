"""The coach's workspace in a real browser, as a member of the Coach group (not a
superuser): write a post, preview it at phone width, publish, edit, compare and
restore a version, rename its address and follow the old link."""

import pytest

from blog.models import Post
from tests.browser.conftest import PASSWORD
from tests.browser.test_writing_a_post import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write(page, title, text):
    page.fill("#id_title", title)
    editor = page.locator(".ck-editor__editable")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def test_the_coach_writes_previews_publishes_restores_and_renames_a_post(
    page, browser, live_server, coach, demo_site
):
    log_in(page, "sanne", PASSWORD)
    page.goto("/admin/blog/post/add/")
    write(page, "Samen zwijgen", "Over stilte in een relatie.")
    page.fill("#id_meta_description", "Waarom stellen zwijgen en hoe je begint.")

    with page.context.expect_page() as opened:
        page.click("input[name=_preview]")
    preview = opened.value
    preview.wait_for_load_state()
    phone = preview.locator(".preview-phone iframe")
    assert 388 <= phone.bounding_box()["width"] <= 394
    shown = phone.element_handle().content_frame()
    assert shown.locator("h1").inner_text() == "Samen zwijgen"
    assert "Over stilte in een relatie." in shown.locator(".prose").inner_text()
    assert shown.evaluate("document.documentElement.scrollWidth") <= 390
    assert not Post.objects.exists()  # a preview saves nothing
    preview.close()

    page.click("input[name=_publish]")
    page.wait_for_url("**/change/")
    assert "Het bericht staat online." in page.locator(".messagelist").inner_text()
    post = Post.objects.get()
    assert post.is_public and post.slug == "samen-zwijgen"

    write(page, "Samen zwijgen over jaloezie", "Een slechtere tekst.")
    page.click("input[name=_update]")
    page.wait_for_url("**/change/")
    post.refresh_from_db()
    assert post.title == "Samen zwijgen over jaloezie" and post.is_public

    # Compare: the history says what changed, old and new side by side.
    page.click("text=Geschiedenis")
    changes = page.locator("#change-history").inner_text()
    assert "Samen zwijgen over jaloezie" in changes
    assert "Een slechtere tekst." in changes
    page.locator("#change-history tbody tr").last.locator("a").first.click()
    page.click("input[value=Terugzetten]")
    page.wait_for_url("**/admin/blog/post/")
    post.refresh_from_db()
    assert post.title == "Samen zwijgen"
    assert "Over stilte in een relatie." in post.body

    page.goto(f"/admin/blog/post/{post.pk}/change/")
    page.fill("#id_slug", "zwijgen-in-een-relatie")
    page.click("input[name=_update]")
    page.wait_for_url("**/change/")

    visitor = browser.new_context(base_url=live_server.url).new_page()
    response = visitor.goto("/blog/samen-zwijgen/")
    assert visitor.url.endswith("/blog/zwijgen-in-een-relatie/")
    assert response.request.redirected_from.response().status == 301
    assert visitor.locator("h1").inner_text() == "Samen zwijgen"
    visitor.context.close()


def test_unsaved_changes_survive_a_closed_tab(page, coach, demo_content):
    log_in(page, "sanne", PASSWORD)
    post = Post.objects.published().first()
    editor_url = f"/admin/blog/post/{post.pk}/change/"
    page.goto(editor_url)
    page.locator(".ck-editor__editable").wait_for()
    write(page, "Een titel die nog niet bewaard is", "Half af.")

    page.goto("/admin/")  # the tab goes away before anything was saved
    page.goto(editor_url)
    notice = page.locator("#draft-copy")
    assert notice.is_visible()
    assert page.input_value("#id_title") == post.title  # nothing was saved
    notice.get_by_role("button", name="Kopie terugzetten").click()

    assert page.input_value("#id_title") == "Een titel die nog niet bewaard is"
    assert page.locator(".ck-editor__editable").inner_text().strip() == "Half af."
    post.refresh_from_db()
    assert post.title != "Een titel die nog niet bewaard is"
