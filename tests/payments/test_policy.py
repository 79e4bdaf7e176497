"""The cancellation policy a booking was made under, and the EU right of
withdrawal: what goes back, at once, through Mollie."""

import re
from decimal import Decimal

import pytest

from booking.links import manage_token
from booking.models import Booking
from payments.models import Invoice, Refund
from tests.booking.factories import at, next_weekday
from tests.booking.visitors import book
from tests.payments.mollie import book_and_pay


@pytest.fixture
def booking(client, mollie, paid_type, capture):
    return book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)


def manage(booking, action=""):
    return f"/afspraak/beheer/{manage_token(booking)}/{action}"


def test_cancelling_in_time_gives_everything_back_with_a_credit_note(
    client, mollie, booking, capture, queue, mailoutbox
):
    asked = client.get(manage(booking, "annuleren/")).content.decode()
    with capture(execute=True):
        client.post(manage(booking, "annuleren/"))
    queue.run()

    assert "Je krijgt € 95,00 terug" in asked
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert Refund.objects.get().amount == Decimal("95.00")
    assert [r["amount"]["value"] for r in mollie.refunds.values()] == ["95.00"]
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1
    cancelled = next(m for m in mailoutbox if "geannuleerd" in m.subject)
    assert "Je krijgt € 95,00 terug" in cancelled.body


def test_a_late_cancellation_keeps_what_the_policy_it_was_booked_under_says(
    client, booking, paid_type, capture
):
    paid_type.late_cancellation_percent = 100  # changed since: not for this booking
    paid_type.save()
    Booking.objects.filter(pk=booking.pk).update(
        policy={**booking.policy, "free_cancellation_hours": 24 * 30}
    )

    asked = client.get(manage(booking, "annuleren/")).content.decode()
    with capture(execute=True):
        client.post(manage(booking, "annuleren/"))

    assert "Je krijgt € 47,50 terug" in asked
    assert Refund.objects.get().amount == Decimal("47.50")


def test_moves_are_limited_by_the_policy(client, booking, paid_type, capture):
    Booking.objects.filter(pk=booking.pk).update(
        policy={**booking.policy, "max_moves": 1}
    )
    from booking.times.visitor_week import instant_param

    first, second = at(next_weekday(3), 11), at(next_weekday(4), 11)
    with capture(execute=True):
        moved = client.post(
            manage(booking, "verzetten/"), {"start": instant_param(first)}
        )
        again = client.post(
            manage(booking, "verzetten/"), {"start": instant_param(second)}
        )

    booking.refresh_from_db()
    assert moved.status_code == 302
    assert again.status_code == 409
    assert (booking.starts_at, booking.moves) == (first, 1)


def test_withdrawing_within_14_days_returns_everything_and_is_confirmed_at_once(
    client, mollie, booking, capture, queue, mailoutbox
):
    queue.run()
    page = client.get(manage(booking)).content.decode()
    mailed = next(m for m in mailoutbox if "bevestigd" in m.subject)
    assert "Herroepen" in page
    assert re.search(r"/afspraak/beheer/\S+/herroepen/", mailed.body)

    with capture(execute=True):
        response = client.post(manage(booking, "herroepen/"))
    queue.run()

    booking.refresh_from_db()
    assert response.status_code == 302
    assert booking.status == Booking.Status.CANCELLED
    assert booking.withdrawn_at is not None
    assert Refund.objects.get().amount == Decimal("95.00")
    confirmation = next(m for m in mailoutbox if "herroeping" in m.subject.lower())
    assert confirmation.subject == "Bevestiging van je herroeping"
    assert client.post(manage(booking, "herroepen/")).status_code == 409


def test_a_session_within_14_days_starts_early_only_at_the_clients_express_request(
    client, mollie, paid_type, capture
):
    soon, later = at(next_weekday(2), 10), at(next_weekday(2, weeks_ahead=3), 10)

    form_soon = client.get(
        f"/afspraak/{paid_type.slug}/gegevens/", {"start": soon.isoformat()}
    ).content.decode()
    form_later = client.get(
        f"/afspraak/{paid_type.slug}/gegevens/", {"start": later.isoformat()}
    ).content.decode()
    refused = book(client, paid_type, soon, capture=capture, early_start="")
    accepted = book(client, paid_type, soon, capture=capture)
    far = book(client, paid_type, later, capture=capture, early_start="",
               email="later@example.com")  # fmt: skip

    assert 'name="early_start"' in form_soon
    assert "checked" not in form_soon.split('name="early_start"')[1].split(">")[0]
    assert 'name="early_start"' not in form_later
    assert "Bestellen en betalen" in form_soon
    assert refused.status_code == 400
    assert "Vink dit vakje aan" in refused.content.decode()
    assert accepted.status_code == far.status_code == 302
    soon_booking = Booking.objects.get(starts_at=soon)
    assert soon_booking.early_start_requested_at is not None
    assert soon_booking.early_start_text == "2026-12 early start"
    assert Booking.objects.get(starts_at=later).early_start_requested_at is None
