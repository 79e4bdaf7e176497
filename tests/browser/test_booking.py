"""A visitor in New York books a session, gets the mail, moves it and cancels it."""

import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from booking.models import Booking
from booking.times.free_times import next_free_times
from tests.booking.calendars import event_of, invitations
from tests.booking.factories import SessionTypeFactory, open_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def visitor_in_new_york(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        timezone_id="America/New_York",
        viewport={"width": 390, "height": 844},
    )
    page = context.new_page()
    page.requested_hosts = set()
    page.on(
        "request",
        lambda request: page.requested_hosts.add(urlsplit(request.url).netloc),
    )
    yield page
    context.close()


def received(smtp_server, address):
    return smtp_server.mailbox.by_recipient()[address]


def only_invitation(message):
    [(params, calendar)] = invitations(message)
    return params["method"], event_of(calendar)


def text_of(message):
    return "".join(
        part.get_payload(decode=True).decode()
        for part in message.walk()
        if part.get_content_type() == "text/plain"
    )


def test_book_move_and_cancel_from_another_time_zone(
    visitor_in_new_york, demo_site, smtp_server, worker, settings, live_server
):
    page = visitor_in_new_york
    settings.FORMS_MIN_SECONDS = 1
    open_on()
    session_type = SessionTypeFactory(name="Individuele sessie", slug="individueel")
    first_free = next_free_times(session_type, 1)[0]

    # The times appear in the browser's zone, detected without asking.
    page.goto("/afspraak/individueel/")
    expect(page.locator("[data-zone-note]")).to_contain_text("New York")
    assert page.locator("select[name=tz]").input_value() == "America/New_York"
    first = page.locator(".times a").first
    assert first.inner_text() == f"{first_free.astimezone(NEW_YORK):%H:%M}"

    first.click()
    assert "New York (America)" in page.locator(".booking-summary").inner_text()
    page.wait_for_timeout(1100)
    page.fill("#id_name", "Anouk de Vries")
    page.fill("#id_email", "anouk@example.com")
    page.check("#id_consent")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == "Je afspraak staat"
    booking = Booking.objects.get()
    assert booking.starts_at == first_free
    assert booking.time_zone == "America/New_York"

    # The confirmation reaches a real SMTP server, with the invitation and video link.
    worker.run()
    [confirmation] = received(smtp_server, "anouk@example.com")
    method, event = only_invitation(confirmation)
    assert method == "REQUEST"
    assert event.decoded("DTSTART") == first_free
    body = text_of(confirmation)
    assert booking.meeting_url in body
    assert f"{first_free.astimezone(NEW_YORK):%H:%M}" in body
    manage_path = urlsplit(
        re.search(r"https?://\S+/afspraak/beheer/\S+/", body)[0]
    ).path

    # Move it through the link in the mail.
    page.goto(manage_path)
    page.locator(".times a").nth(3).click()
    page.click("text=Ja, verzetten")
    assert "Je afspraak is verzet" in page.locator(".messages").inner_text()
    booking.refresh_from_db()
    assert booking.starts_at != first_free
    worker.run()
    method, event = only_invitation(received(smtp_server, "anouk@example.com")[-1])
    assert (method, event["SEQUENCE"]) == ("REQUEST", 1)
    assert event.decoded("DTSTART") == booking.starts_at

    # And cancel it.
    page.click("text=Deze afspraak annuleren")
    page.click("text=Ja, annuleren")
    assert "Je afspraak is geannuleerd" in page.locator(".messages").inner_text()
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    worker.run()
    method, event = only_invitation(received(smtp_server, "anouk@example.com")[-1])
    assert (method, event["SEQUENCE"], str(event["UID"])) == (
        "CANCEL",
        2,
        f"{booking.uid}@localhost",
    )

    assert page.requested_hosts == {urlsplit(live_server.url).netloc}
