"""The coach completes a session, the client reviews it from the e-mail, the coach
approves, and the home page shows the new average."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from reviews.models import Review
from tests.booking.factories import BookingFactory, SessionTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def text_of(message):
    return "".join(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


def test_from_completed_session_to_the_average_on_the_home_page(
    page, admin_user, demo_site, smtp_server, worker, settings
):
    settings.FORMS_MIN_SECONDS = 1
    for rating in (5, 4):
        Review.objects.create(
            rating=rating, text="Fijn.", display_name="Eline", source="Google",
            status=Review.Status.PUBLISHED, published_at=timezone.now(),
        )  # fmt: skip
    two_days_ago = timezone.now().replace(minute=0, second=0, microsecond=0)
    booking = BookingFactory(
        session_type=SessionTypeFactory(name="Individuele sessie"),
        starts_at=two_days_ago - timedelta(days=2),
        name="Anouk de Vries",
        email="anouk@example.com",
    )

    # The coach marks the session completed in the admin.
    page.goto("/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    page.goto("/admin/booking/booking/?when=past")
    page.check(f"input[name=_selected_action][value='{booking.pk}']")
    page.select_option("select[name=action]", "mark_completed")
    page.click("button[name=index]")
    assert (
        "Sessies gemarkeerd als afgerond: 1"
        in page.locator(".messagelist").inner_text()
    )

    # The invitation arrives at the SMTP server; the client writes a review.
    worker.run()
    [invitation] = smtp_server.mailbox.by_recipient()["anouk@example.com"]
    link = re.search(r"https?://\S+/beoordelingen/schrijven/\S+/", text_of(invitation))[
        0
    ]
    page.goto(urlsplit(link).path)
    assert page.locator("#id_display_name").input_value() == "Anouk V."
    page.wait_for_timeout(1100)
    page.get_by_label("3 sterren").check()
    page.fill(
        "#id_text", "Ik heb geleerd om eerst te luisteren en dan pas te reageren."
    )
    page.check("#id_consent")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Dank je wel voor je beoordeling"

    # The coach is told, and publishes it with one click on the dashboard.
    worker.run()
    assert smtp_server.mailbox.by_recipient()["sanne@example.com"]  # the demo coach
    page.goto("/admin/")
    page.click("form[action*='/dashboard/review/'] button:has-text('Publiceren')")
    assert Review.objects.get(booking=booking).status == Review.Status.PUBLISHED

    page.goto("/")
    widget = page.locator("main .rating-widget").inner_text()
    assert "4,0" in widget and "3 beoordelingen" in widget
    assert "Anouk V." in widget
