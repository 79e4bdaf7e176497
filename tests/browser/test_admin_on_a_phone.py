"""The coach's admin in a real browser, as a member of the Coach group: her daily
tasks on a phone (approve a comment, look at the coming sessions, move one), and
her pages at phone and computer width, screenshotted for `make screenshots` and
checked by axe (nothing beyond what Django's own admin has)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Comment, Post
from booking.models import Booking
from tests.booking.factories import BookingFactory, SessionTypeFactory
from tests.browser.conftest import PASSWORD
from tests.browser.test_accessibility import violations_beyond_djangos
from tests.browser.test_layout import SCREENSHOTS, horizontal_overflow
from tests.browser.test_writing_a_post import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}

# Her pages, by what she does there.
ADMIN_PAGES = {
    "dashboard": "/admin/",
    "posts": "/admin/blog/post/",
    "post-editor": "/admin/blog/post/add/",
    "comments": "/admin/blog/comment/",
    "images": "/admin/core/image/",
    "sessions": "/admin/booking/booking/",
    "week": "/admin/booking/booking/week/",
    "settings": "/admin/core/siteprofile/",
}


def test_her_daily_tasks_on_a_phone(page, coach, demo_content, mailoutbox, worker):
    post = Post.objects.published().first()
    comment = Comment.objects.create(
        post=post, name="Eva", email="eva@example.com", body="Herkenbaar, dank je."
    )
    soon = timezone.localtime() + timedelta(days=2)
    booking = BookingFactory(
        session_type=SessionTypeFactory(name="Kennismaking"),
        # Early, where the demo agenda has nothing.
        starts_at=soon.replace(hour=6, minute=0, second=0, microsecond=0),
        name="Anouk de Vries",
    )
    page.set_viewport_size(PHONE)
    log_in(page, "sanne", PASSWORD)

    assert horizontal_overflow(page) <= 0
    waiting = page.locator(".coach-dashboard li", has_text="Eva")
    waiting.get_by_role("button", name="Goedkeuren").click()
    page.wait_for_load_state()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    page.goto("/admin/booking/booking/")
    assert horizontal_overflow(page) <= 0
    row = page.locator("#result_list tr", has_text="Anouk de Vries")
    row.locator("a").first.click()
    page.wait_for_url(f"**/admin/booking/booking/{booking.pk}/change/")
    assert horizontal_overflow(page) <= 0
    later = booking.starts_at + timedelta(days=1, minutes=30)
    page.fill("#id_starts_at_0", timezone.localtime(later).strftime("%d-%m-%Y"))
    page.fill("#id_starts_at_1", timezone.localtime(later).strftime("%H:%M"))
    with page.expect_navigation():
        page.click("input[name=_save]")
    worker.run()  # the mail to the client
    assert page.locator(".errornote, .errorlist").count() == 0, page.content()

    booking.refresh_from_db()
    assert booking.starts_at == later
    assert booking.status == Booking.Status.CONFIRMED
    assert [message.to for message in mailoutbox] == [[booking.email]]


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots_of_her_admin_at_phone_and_computer_width(
    page, coach, demo_content, width
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "sanne", PASSWORD)

    for name, path in ADMIN_PAGES.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / f"admin-{name}-{width}.png", full_page=True)

        assert horizontal_overflow(page) <= 0, name
        assert violations_beyond_djangos(page) == [], name
