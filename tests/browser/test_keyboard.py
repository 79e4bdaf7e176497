"""A visitor without a mouse books a session and comments, with keys alone."""

import pytest

from blog.models import Comment
from booking.models import Booking
from tests.blog.factories import published_post
from tests.booking.factories import SessionTypeFactory, open_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, *, most=150):
    """Press Tab until the focus is on `selector`, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reaches {selector}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.type(text)


@pytest.fixture
def quick_forms(settings):
    settings.FORMS_MIN_SECONDS = 1


def test_booking_a_session_with_the_keyboard_only(page, demo_site, quick_forms, worker):
    open_on()
    SessionTypeFactory(name="Individuele sessie", slug="individueel")
    page.goto("/afspraak/")

    tab_to(page, "a[href='/afspraak/individueel/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/afspraak/individueel/")
    # Next week's times: tomorrow's first could pass its notice while we type.
    tab_to(page, "a[rel=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/afspraak/individueel/?from=**")
    tab_to(page, ".times a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/gegevens/**")
    type_into(page, "#id_name", "Anouk de Vries")
    type_into(page, "#id_email", "anouk@example.com")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    page.wait_for_timeout(1100)  # a person takes longer than the minimum
    tab_to(page, "main button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url("**/geboekt/**")
    assert page.locator("h1").inner_text() == "Je afspraak staat"
    assert Booking.objects.get().email == "anouk@example.com"


def test_commenting_with_the_keyboard_only(page, demo_site, quick_forms):
    post = published_post(title="Over verbinding")
    page.goto(post.get_absolute_url())

    type_into(page, "textarea[name=body]", "Dit raakt me echt.")
    type_into(page, "input[name=name]", "Marloes")
    type_into(page, "input[name=email]", "marloes@example.com")
    tab_to(page, "input[name=consent]")
    page.keyboard.press("Space")
    page.wait_for_timeout(1100)
    tab_to(page, ".comment-form button[type=submit]")
    page.keyboard.press("Enter")

    page.locator(".comment-pending").wait_for()
    assert Comment.objects.get().body == "Dit raakt me echt."
