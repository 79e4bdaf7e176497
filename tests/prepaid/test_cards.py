"""Session cards: bought through Mollie, a credit per session, a ledger that
explains the balance, credits back on a cancellation in time, withdrawal pro rata."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from booking import services as booking_services
from booking.links import manage_token
from booking.models import Booking
from payments.models import Invoice, Payment, Refund
from prepaid import services
from prepaid.links import card_token
from prepaid.models import CreditEntry, SessionCard
from tests.booking.factories import SessionTypeFactory, at, next_weekday
from tests.prepaid.shop import book_with, buy_card, plan_url

pytestmark = pytest.mark.django_db


def ledger(card):
    return [(entry.kind, entry.change) for entry in card.entries.all()]


def test_the_list_offers_each_card_on_sale(client, package):
    response = client.get(reverse("prepaid:cards"))
    assert response.status_code == 200
    assert "Vijf sessies" in response.text
    assert reverse("prepaid:buy_card", args=[package.slug]) in response.text


def test_a_card_is_bought_through_the_checkout_and_holds_its_credits(
    client, mollie, package, capture, queue, mailoutbox
):
    card = buy_card(client, mollie, capture, package)

    assert card.status == SessionCard.Status.ACTIVE
    assert card.balance == 5
    assert card.valid_until > timezone.localdate() + timedelta(days=360)
    assert ledger(card) == [("bought", 5)]
    assert card.early_start_requested_at is not None
    payment = card.payments.get()
    assert payment.amount == Decimal("425.00")
    assert Invoice.objects.get(payment=payment).total == Decimal("425.00")
    queue.run()
    (mail,) = [m for m in mailoutbox if "Vijf sessies" in m.subject]
    assert reverse("prepaid:card", args=["x"])[:-2] in mail.body
    page = client.get(reverse("prepaid:card", args=[card_token(card)]))
    assert "5 sessies over" in page.text and "Individuele sessie" in page.text


def test_the_order_form_asks_for_the_early_start_and_consent(client, package):
    from tests.prepaid.shop import form

    url = reverse("prepaid:buy_card", args=[package.slug])
    data = form("session-card", name="Anouk", email="anouk@example.com")
    response = client.post(url, data, REMOTE_ADDR="10.4.4.4")
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"consent", "early_start"}
    assert not SessionCard.objects.exists()


@pytest.fixture
def card(client, mollie, package, capture):
    return buy_card(client, mollie, capture, package)


def test_a_session_booked_with_a_credit_is_confirmed_without_a_payment(
    client, card, paid_type, capture, mollie
):
    url = plan_url(card, paid_type)
    week = client.get(url)
    assert week.status_code == 200
    start = at(next_weekday(2), 10)
    form_page = client.get(url, {"start": start.isoformat()})
    assert form_page.status_code == 200
    assert "anouk@example.com" in form_page.text  # filled in from the card

    payments_before = len(mollie.payments)
    response = book_with(client, url, start, capture)

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert response["Location"] == reverse(
        "booking:booked", args=[manage_token(booking)]
    )
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.paid_in_advance == Decimal("95.00")
    assert booking.is_paid
    assert len(mollie.payments) == payments_before  # nothing to pay online
    card.refresh_from_db()
    assert card.balance == 4
    assert ledger(card) == [("bought", 5), ("used", -1)]


def test_cancelled_in_time_the_credit_returns_once(client, card, paid_type, capture):
    book_with(client, plan_url(card, paid_type), at(next_weekday(2), 10), capture)
    booking = Booking.objects.get()

    booking_services.cancel_booking(booking=booking)
    services.give_back(booking=booking, share=Decimal(1))  # a repeated signal

    card.refresh_from_db()
    assert card.balance == 5
    assert ledger(card) == [("bought", 5), ("used", -1), ("returned", 1)]
    assert not Refund.objects.exists()  # no money was paid for it


def test_cancelled_late_the_credit_is_spent(client, card, paid_type, capture):
    paid_type.minimum_notice_hours = 1
    paid_type.save()
    soon = timezone.now() + timedelta(hours=30)  # within the 48 free hours
    booking = services.book_with_card(
        card=card,
        session_type=paid_type,
        starts_at=soon,
        name="Anouk",
        email="anouk@example.com",
        by_coach=True,
    )

    booking_services.cancel_booking(booking=booking)

    card.refresh_from_db()
    assert card.balance == 4
    assert ledger(card) == [("bought", 5), ("used", -1)]


def test_the_coach_cancelling_returns_the_credit(client, card, paid_type, capture):
    book_with(client, plan_url(card, paid_type), at(next_weekday(2), 10), capture)

    booking_services.cancel_booking(booking=Booking.objects.get(), by_coach=True)

    card.refresh_from_db()
    assert card.balance == 5


def test_a_time_taken_meanwhile_keeps_the_credit(client, card, paid_type, capture):
    start = at(next_weekday(2), 10)
    book_with(client, plan_url(card, paid_type), start, capture)

    response = book_with(
        client, plan_url(card, paid_type), start, email="ander@example.com"
    )

    assert response.status_code == 302  # back to the week, with the message
    assert Booking.objects.count() == 1
    card.refresh_from_db()
    assert card.balance == 4


def test_a_card_is_only_for_its_session_types(client, card):
    other = SessionTypeFactory(name="Relatietherapie", slug="relatie", price=140)
    response = client.get(plan_url(card, other))
    assert response.status_code == 404


def test_an_empty_card_books_nothing(client, card, paid_type, capture):
    SessionCard.objects.filter(pk=card.pk).update(balance=0)
    url = plan_url(card, paid_type)
    assert client.get(url).status_code == 409
    response = book_with(client, url, at(next_weekday(2), 10), capture)
    assert response.status_code == 409
    assert not Booking.objects.exists()


def test_an_expired_card_books_nothing_and_housekeeping_writes_it_off(
    client, card, paid_type
):
    SessionCard.objects.filter(pk=card.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    with pytest.raises(services.Refused):
        services.book_with_card(
            card=card,
            session_type=paid_type,
            starts_at=at(next_weekday(2), 10),
            name="Anouk",
            email="anouk@example.com",
        )

    assert services.expire_balances() == 1
    assert services.expire_balances() == 0
    card.refresh_from_db()
    assert card.balance == 0
    assert ledger(card) == [("bought", 5), ("expired", -5)]


def test_a_forged_card_link_opens_nothing(client, card, paid_type):
    token = card_token(card)[:-2] + "xx"
    response = client.get(reverse("prepaid:card", args=[token]))
    assert response.status_code == 404


def test_withdrawing_cancels_sessions_to_come_and_refunds_the_unused_part(
    client, card, paid_type, capture, mollie
):
    book_with(client, plan_url(card, paid_type), at(next_weekday(2), 10), capture)
    had = services.book_with_card(
        card=card,
        session_type=paid_type,
        starts_at=timezone.now() + timedelta(days=2),
        name="Anouk",
        email="anouk@example.com",
        by_coach=True,
    )
    Booking.objects.filter(pk=had.pk).update(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )  # a session that took place

    url = reverse("prepaid:withdraw_card", args=[card_token(card)])
    assert "€ 340,00" in client.get(url).text
    with capture(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    card.refresh_from_db()
    assert card.status == SessionCard.Status.WITHDRAWN
    assert card.balance == 0
    refund = Refund.objects.get()
    assert refund.amount == Decimal("340.00")  # 4 of 5 sessions not had
    assert Booking.objects.filter(status=Booking.Status.CANCELLED).count() == 1
    assert ledger(card)[-1] == ("refunded", -4)
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1


def test_after_fourteen_days_the_client_cannot_withdraw(client, card):
    SessionCard.objects.filter(pk=card.pk).update(
        paid_at=timezone.now() - timedelta(days=15)
    )
    card.refresh_from_db()
    with pytest.raises(services.Refused):
        services.withdraw_card(card=card)
    assert services.withdraw_card(card=card, by_coach=True) == Decimal("425.00")


def test_paid_twice_the_second_payment_goes_back(client, card, mollie, capture):
    from payments import services as payments
    from tests.prepaid.shop import pay_latest

    second = services.new_payment(card, card.price, "Vijf sessies")
    payments.send_to_provider(second, redirect_url="http://testserver/")
    pay_latest(client, mollie, capture)

    card.refresh_from_db()
    assert card.balance == 5
    assert Refund.objects.get().amount == Decimal("425.00")
    assert Payment.objects.filter(status="paid").count() == 2


def test_the_ledger_always_adds_up_to_the_balance(client, card, paid_type, capture):
    for weeks in (1, 2):
        book_with(
            client,
            plan_url(card, paid_type),
            at(next_weekday(2, weeks_ahead=weeks), 10),
            capture,
        )
    booking_services.cancel_booking(booking=Booking.objects.first())
    card.refresh_from_db()
    assert sum(change for _kind, change in ledger(card)) == card.balance == 4
    assert CreditEntry.objects.filter(card=card, kind="used").count() == 2


def test_the_coach_issues_a_card_in_the_admin(
    admin_client, package, queue, mailoutbox, capture
):
    with capture(execute=True):
        response = admin_client.post(
            reverse("admin:prepaid_sessioncard_add"),
            {
                "package": package.pk,
                "name": "Joost van Dam",
                "email": "joost@example.com",
            },
        )
    assert response.status_code == 302
    card = SessionCard.objects.get()
    assert (card.status, card.balance, card.price) == ("active", 5, Decimal("425.00"))
    assert ledger(card) == [("bought", 5)]
    assert not Payment.objects.exists()
    queue.run()
    [mail] = [m for m in mailoutbox if m.to == ["joost@example.com"]]
    assert reverse("prepaid:card", args=["x"])[:-2] in mail.body
