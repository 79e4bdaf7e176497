"""Paying for a session through Mollie: confirmed only when paid, exactly once,
whatever the network does."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from booking.links import PAY
from booking.models import Booking
from booking.services import expire_stale_holds
from core.models import SiteProfile
from payments.models import Payment, Refund
from payments.provider import checkout_origin
from payments.services import settle_open_payments
from tests.booking.factories import BookingFactory, at, next_weekday
from tests.booking.visitors import book
from tests.payments.mollie import only_payment, webhook


@pytest.fixture
def start():
    return at(next_weekday(2), 10)


def pay_page(booking):
    return f"/afspraak/betalen/{PAY.token(str(booking.uid))}/"


def book_and_go_to_checkout(client, paid_type, start, capture, **fields):
    response = book(client, paid_type, start, capture=capture, **fields)
    assert response.status_code == 302
    return response


def test_a_paid_session_is_held_and_the_client_sent_to_the_checkout(
    client, mollie, paid_type, start, capture
):
    response = book_and_go_to_checkout(client, paid_type, start, capture)

    booking = Booking.objects.get()
    payment = Payment.objects.get()
    assert booking.status == Booking.Status.HELD
    assert booking.held_until == pytest.approx(
        timezone.now() + timedelta(minutes=15), abs=timedelta(seconds=30)
    )
    sent = mollie.payments[payment.mollie_id]
    assert response["Location"] == sent["_links"]["checkout"]["href"]
    assert sent["amount"] == {"currency": "EUR", "value": "95.00"}
    assert sent["webhookUrl"].endswith("/betalingen/webhook/")
    assert "/afspraak/betalen/" in sent["redirectUrl"]
    assert sent["metadata"] == {"purpose": "booking", "reference": booking.pk}
    assert sent["description"].startswith("Individuele sessie, ")
    assert payment.status == Payment.Status.OPEN
    assert mail.outbox == []  # nothing is confirmed before the money is in


def test_the_webhook_confirms_the_paid_booking_once(
    client, mollie, paid_type, start, capture, queue
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    payment_id = only_payment(mollie)
    mollie.settle(payment_id, "paid", notify=False)

    with capture(execute=True):
        answers = [webhook(client, payment_id).status_code for _ in range(3)]

    queue.run()
    assert answers == [200, 200, 200]
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.held_until is None
    payment = Payment.objects.get()
    assert payment.status == Payment.Status.PAID
    assert payment.paid_at is not None
    assert payment.method == "ideal"
    subjects = [m.subject for m in mail.outbox if m.to == [booking.email]]
    assert len([s for s in subjects if "bevestigd" in s]) == 1
    assert len([s for s in subjects if s.startswith("Factuur ")]) == 1


def test_the_return_from_the_checkout_confirms_before_the_webhook(
    client, mollie, paid_type, start, capture, queue
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    booking = Booking.objects.get()
    mollie.settle(only_payment(mollie), "paid", notify=False)

    with capture(execute=True):
        returned = client.get(pay_page(booking))
        webhook(client, only_payment(mollie))
    queue.run()

    assert returned.status_code == 302
    assert "/afspraak/geboekt/" in returned["Location"]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    subjects = [m.subject for m in mail.outbox if m.to == [booking.email]]
    assert len([s for s in subjects if "bevestigd" in s]) == 1


def test_a_lost_webhook_is_caught_by_housekeeping(
    client, mollie, paid_type, start, capture
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    mollie.settle(only_payment(mollie), "paid", notify=False)
    with capture(execute=True):
        assert settle_open_payments() == 0  # too early to ask: webhooks come first
        Payment.objects.update(checked_at=timezone.now() - timedelta(minutes=3))
        call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Booking.objects.get().status == Booking.Status.CONFIRMED
    assert Payment.objects.get().status == Payment.Status.PAID


@pytest.mark.parametrize(
    ("outcome", "says"),
    [
        ("canceled", "Je hebt de betaling geannuleerd"),
        ("expired", "niet op tijd afgerond"),
        ("failed", "Er is niets afgeschreven"),
    ],
)
def test_a_payment_that_ends_without_money_frees_the_time_and_can_be_tried_again(
    client,
    mollie,
    paid_type,
    start,
    capture,
    outcome,
    says,
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    booking = Booking.objects.get()
    first = only_payment(mollie)
    mollie.settle(first, outcome, notify=False)

    page = client.get(pay_page(booking))

    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED
    assert says in page.content.decode()
    assert "Bestellen en betalen" in page.content.decode()

    again = client.post(pay_page(booking))

    second = next(payment_id for payment_id in mollie.payments if payment_id != first)
    assert again["Location"] == mollie.payments[second]["_links"]["checkout"]["href"]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.HELD
    mollie.settle(second, "paid", notify=False)
    with capture(execute=True):
        webhook(client, second)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert Payment.objects.filter(status=Payment.Status.PAID).count() == 1


def test_a_failed_payment_on_a_time_taken_since_offers_another_time(
    client, mollie, paid_type, start, capture
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    booking = Booking.objects.get()
    mollie.settle(only_payment(mollie), "failed", notify=False)
    client.get(pay_page(booking))  # the time is free again ...
    BookingFactory(session_type=paid_type, starts_at=start)  # ... and taken

    page = client.get(pay_page(booking))
    again = client.post(pay_page(booking))

    assert "Bestellen en betalen" not in page.content.decode()
    assert "Kies een ander tijdstip" in page.content.decode()
    assert again.status_code == 409
    assert len(mollie.payments) == 1


def test_a_client_who_leaves_the_checkout_and_books_again_pays_once(
    client, mollie, paid_type, start, capture
):
    first = book_and_go_to_checkout(client, paid_type, start, capture)
    second = book_and_go_to_checkout(client, paid_type, start, capture)
    other = book(
        client,
        paid_type,
        start,
        capture=capture,
        email="iemand-anders@example.com",
        ip="10.9.9.9",
    )

    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1
    assert len(mollie.payments) == 1
    assert other.status_code == 409  # held for the first client while they pay


def test_a_late_payment_confirms_while_the_time_is_still_free(
    client, mollie, paid_type, start, capture
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    Booking.objects.update(held_until=timezone.now() - timedelta(minutes=1))
    call_command("housekeeping", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Booking.objects.get().status == Booking.Status.EXPIRED

    mollie.settle(only_payment(mollie), "paid", notify=False)
    with capture(execute=True):
        webhook(client, only_payment(mollie))

    assert Booking.objects.get().status == Booking.Status.CONFIRMED
    assert Refund.objects.count() == 0


def test_a_late_payment_on_a_taken_time_is_refunded_once_and_both_are_told(
    client, mollie, paid_type, start, capture, settings, queue
):
    profile = SiteProfile.get_solo()
    profile.contact_email = "coach@example.com"
    profile.save()
    book_and_go_to_checkout(client, paid_type, start, capture)
    booking = Booking.objects.get()
    Booking.objects.update(held_until=timezone.now() - timedelta(minutes=1))
    expire_stale_holds()
    BookingFactory(session_type=paid_type, starts_at=start)
    payment_id = only_payment(mollie)
    mollie.settle(payment_id, "paid", notify=False)

    with capture(execute=True):
        for _ in range(2):
            webhook(client, payment_id)
        page = client.get(pay_page(booking))
    queue.run()

    booking.refresh_from_db()
    assert booking.status == Booking.Status.EXPIRED
    refund = Refund.objects.get()
    assert refund.amount == Decimal("95.00")
    assert refund.status == Refund.Status.PENDING
    assert [r["amount"]["value"] for r in mollie.refunds.values()] == ["95.00"]
    assert "volledige bedrag teruggestort" in page.content.decode()
    to_client = [m.subject for m in mail.outbox if m.to == [booking.email]]
    to_coach = [m.subject for m in mail.outbox if m.to == ["coach@example.com"]]
    assert to_client.count("Je betaling is teruggestort") == 1
    assert len([s for s in to_client if s.startswith("Creditnota ")]) == 1
    assert to_coach == ["Een late betaling is terugbetaald"]


def test_mollie_failing_once_is_retried_with_the_same_key(
    client, mollie, paid_type, start, capture
):
    mollie.fail_next(1, status=503)

    response = book_and_go_to_checkout(client, paid_type, start, capture)

    assert len(mollie.payments) == 1
    assert response["Location"].endswith(f"/checkout/{only_payment(mollie)}")


def test_an_answer_that_comes_too_late_does_not_make_a_second_payment(
    client, mollie, paid_type, start, capture, settings
):
    settings.MOLLIE_TIMEOUT_SECONDS = (1, 0.5)
    mollie.stall_next(1, seconds=1.0)  # created, but the answer is too late

    response = book_and_go_to_checkout(client, paid_type, start, capture)

    assert len(mollie.payments) == 1  # the retry got the first one back
    assert response["Location"].endswith(f"/checkout/{only_payment(mollie)}")
    assert Payment.objects.get().mollie_id == only_payment(mollie)


def test_mollie_away_keeps_the_time_and_lets_the_client_try_again(
    client, mollie, paid_type, start, capture
):
    mollie.fail_next(2, status=502)

    response = book(client, paid_type, start, capture=capture)

    assert response.status_code == 503
    assert "even niet bereikbaar" in response.content.decode()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.HELD
    again = client.post(pay_page(booking))
    assert again.status_code == 302
    assert len(mollie.payments) == 1


def test_the_webhook_answers_the_same_for_unknown_ids_and_asks_again_later(
    client, mollie, paid_type, start, capture
):
    book_and_go_to_checkout(client, paid_type, start, capture)
    calls = len(mollie.calls)

    unknown = webhook(client, "tr_onbekend")
    empty = client.post("/betalingen/webhook/")
    assert (unknown.status_code, empty.status_code) == (200, 200)
    assert len(mollie.calls) == calls  # Mollie is not asked about made-up ids

    mollie.fail_next(1, status=500)
    assert webhook(client, only_payment(mollie)).status_code == 503
    assert client.get("/betalingen/webhook/").status_code == 405


def test_without_an_api_key_paid_sessions_are_booked_as_before(
    client, paid_type, start, capture, settings
):
    settings.MOLLIE_API_KEY = ""

    response = book(client, paid_type, start, capture=capture)

    assert "/afspraak/geboekt/" in response["Location"]
    assert Booking.objects.get().status == Booking.Status.CONFIRMED
    assert not Payment.objects.exists()


def test_a_session_the_coach_booked_can_be_paid_through_the_link_in_its_mail(
    client, mollie, paid_type, start, capture, queue, mailoutbox
):
    from booking.services import book_session

    with capture(execute=True):
        booking = book_session(
            session_type=paid_type, starts_at=start, name="Anouk de Vries",
            email="anouk@example.com", by_coach=True,
        )  # fmt: skip
    queue.run()
    [confirmation] = [m for m in mailoutbox if m.to == ["anouk@example.com"]]
    assert booking.status == Booking.Status.CONFIRMED
    assert "/afspraak/betalen/" in confirmation.body

    page = client.get(pay_page(booking))
    checkout = client.post(pay_page(booking))
    mollie.settle(only_payment(mollie), "paid", notify=False)
    with capture(execute=True):
        webhook(client, only_payment(mollie))
    queue.run()

    assert "Bestellen en betalen" in page.content.decode()
    assert checkout["Location"].endswith(f"/checkout/{only_payment(mollie)}")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert Payment.objects.get().status == Payment.Status.PAID
    assert client.get(pay_page(booking))["Location"].startswith("/afspraak/geboekt/")
    subjects = [m.subject for m in mailoutbox if m.to == ["anouk@example.com"]]
    assert len([s for s in subjects if "bevestigd" in s.lower()]) == 1
    assert any(s.startswith("Factuur ") for s in subjects)


def test_the_pages_whose_forms_lead_to_the_checkout_allow_it(
    client, mollie, paid_type, start, settings
):
    """A browser checks form-action on every redirect after a form: without
    Mollie's origin in it, the pay button would lead nowhere."""
    form = client.get(
        f"/afspraak/{paid_type.slug}/gegevens/", {"start": start.isoformat()}
    )

    directives = dict(
        part.strip().split(" ", 1)
        for part in form["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert directives["form-action"].split() == ["'self'", mollie.url]
    settings.MOLLIE_API_URL = "https://api.mollie.com"
    assert checkout_origin() == "https://www.mollie.com"
