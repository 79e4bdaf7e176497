"""Gift vouchers: bought through Mollie, a PDF with a code, mailed to the
recipient on the chosen day (once), used up over one or more bookings, the rest
of a price paid online, given back when a booking does not happen."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from booking import services as booking_services
from booking.models import Booking
from payments.models import Payment, Refund
from prepaid import services
from prepaid.links import REDEEM, voucher_token
from prepaid.models import GiftVoucher
from tests.booking.factories import SessionTypeFactory, at, next_weekday
from tests.prepaid.shop import book_with, buy_voucher, form, pay_latest

pytestmark = pytest.mark.django_db


def ledger(voucher):
    return [(entry.kind, entry.change) for entry in voucher.entries.all()]


def redeem_url(voucher, session_type):
    token = REDEEM.token(str(voucher.key))
    return reverse("prepaid:plan_with_voucher", args=[token, session_type.slug])


def test_a_voucher_is_bought_and_its_pdf_goes_to_the_buyer(
    client, mollie, paid_type, capture, queue, mailoutbox
):
    voucher = buy_voucher(client, mollie, capture, recipient_name="Joris")

    assert voucher.status == GiftVoucher.Status.ACTIVE
    assert voucher.balance == voucher.amount == Decimal("100.00")
    assert voucher.valid_until >= timezone.localdate() + timedelta(days=2 * 365 - 1)
    assert len(voucher.code) == 12
    queue.run()
    (mail,) = mailoutbox[-1:]
    assert mail.to == ["sanne@example.com"]
    (pdf,) = [a for a in mail.attachments if a.get_content_type() == "application/pdf"]
    assert pdf.get_payload(decode=True).startswith(b"%PDF")
    page = client.get(reverse("prepaid:voucher", args=[voucher_token(voucher)]))
    assert voucher.display_code in page.text
    download = client.get(reverse("prepaid:voucher_pdf", args=[voucher_token(voucher)]))
    assert download["Content-Type"] == "application/pdf"


def test_a_voucher_for_a_session_type_is_worth_its_price(
    client, mollie, paid_type, capture
):
    voucher = buy_voucher(client, mollie, capture, **{"value": f"type-{paid_type.pk}"})
    assert voucher.amount == Decimal("95.00")
    assert "Individuele sessie" in voucher.description


def test_another_amount_must_be_given_and_sensible(client, paid_type):
    for amount, error in (("", "amount"), ("5", "amount"), ("5000", "amount")):
        data = form(
            "gift-voucher", value="other", amount=amount, name="Sanne",
            email="sanne@example.com", consent="on",
        )  # fmt: skip
        response = client.post(reverse("prepaid:buy_voucher"), data)
        assert response.status_code == 400
        assert error in response.context["form"].errors
    assert not GiftVoucher.objects.exists()


def test_the_recipient_gets_it_on_the_chosen_day_and_only_once(
    client, mollie, paid_type, capture, queue, mailoutbox
):
    later = timezone.localdate() + timedelta(days=5)
    voucher = buy_voucher(
        client, mollie, capture,
        recipient_name="Joris", recipient_email="joris@example.com",
        send_on=later.isoformat(), message="Fijne verjaardag!",
    )  # fmt: skip
    queue.run()
    assert all("joris@example.com" not in m.to for m in mailoutbox)

    GiftVoucher.objects.filter(pk=voucher.pk).update(send_on=timezone.localdate())
    for _ in range(2):  # housekeeping runs every few minutes
        with capture(execute=True):
            call_command("housekeeping")
    queue.run()

    to_joris = [m for m in mailoutbox if m.to == ["joris@example.com"]]
    assert len(to_joris) == 1
    assert voucher.display_code in to_joris[0].body
    assert "Fijne verjaardag!" in to_joris[0].body


def test_without_a_day_the_recipient_gets_it_once_paid(
    client, mollie, paid_type, capture, queue, mailoutbox
):
    buy_voucher(client, mollie, capture, recipient_email="joris@example.com")
    queue.run()
    assert len([m for m in mailoutbox if m.to == ["joris@example.com"]]) == 1


@pytest.fixture
def voucher(client, mollie, paid_type, capture):
    return buy_voucher(client, mollie, capture)


def test_the_code_leads_to_booking_and_a_wrong_one_is_told(client, voucher):
    url = reverse("prepaid:redeem")
    typed = voucher.display_code.lower().replace("-", " ")
    response = client.post(url, form("redeem-voucher", code=typed))
    assert response.status_code == 302
    assert "Individuele sessie" in client.get(response["Location"]).text

    wrong = client.post(url, form("redeem-voucher", code="AAAA-BBBB-CCCC"))
    assert wrong.status_code == 400
    assert "code" in wrong.context["form"].errors


def test_a_voucher_covering_the_price_books_at_once(
    client, voucher, paid_type, capture
):
    response = book_with(
        client, redeem_url(voucher, paid_type), at(next_weekday(2), 10), capture
    )

    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.paid_in_advance == Decimal("95.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("5.00")
    assert ledger(voucher) == [
        ("bought", Decimal("100.00")),
        ("used", Decimal("-95.00")),
    ]


def test_what_the_voucher_leaves_is_paid_online(
    client, voucher, paid_type, capture, mollie
):
    GiftVoucher.objects.filter(pk=voucher.pk).update(balance=Decimal("30.00"))
    start = at(next_weekday(2), 10)

    response = book_with(client, redeem_url(voucher, paid_type), start, capture)

    assert response.status_code == 302
    assert response["Location"].startswith(mollie.url)
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.HELD
    assert booking.payments.get().amount == Decimal("65.00")
    pay_latest(client, mollie, capture)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.is_paid


def test_a_failed_payment_gives_the_voucher_back(
    client, voucher, paid_type, capture, mollie
):
    GiftVoucher.objects.filter(pk=voucher.pk).update(balance=Decimal("30.00"))
    book_with(client, redeem_url(voucher, paid_type), at(next_weekday(2), 10), capture)
    voucher.refresh_from_db()
    assert voucher.balance == 0

    pay_latest(client, mollie, capture, status="expired")

    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.EXPIRED
    assert booking.paid_in_advance == 0  # trying again means paying it all
    assert ledger(voucher)[-1] == ("returned", Decimal("30.00"))


def test_cancelled_in_time_the_voucher_and_the_money_return_in_their_shares(
    client, voucher, paid_type, capture, mollie
):
    GiftVoucher.objects.filter(pk=voucher.pk).update(balance=Decimal("30.00"))
    book_with(client, redeem_url(voucher, paid_type), at(next_weekday(2), 10), capture)
    pay_latest(client, mollie, capture)

    booking_services.cancel_booking(booking=Booking.objects.get())

    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")
    assert Refund.objects.get().amount == Decimal("65.00")


def test_cancelled_late_half_of_each_returns(client, voucher, paid_type):
    paid_type.minimum_notice_hours = 1
    paid_type.save()
    booking = services.book_with_voucher(
        voucher=voucher,
        session_type=paid_type,
        starts_at=timezone.now() + timedelta(hours=30),
        name="Joris",
        email="joris@example.com",
        by_coach=True,
    )

    booking_services.cancel_booking(booking=booking)

    voucher.refresh_from_db()
    assert voucher.balance == Decimal("5.00") + Decimal("47.50")  # 50 % kept


def test_an_empty_or_expired_voucher_books_nothing(client, voucher, paid_type, capture):
    GiftVoucher.objects.filter(pk=voucher.pk).update(
        valid_until=timezone.localdate() - timedelta(days=1)
    )
    response = book_with(
        client, redeem_url(voucher, paid_type), at(next_weekday(2), 10), capture
    )
    assert response.status_code == 409
    assert services.expire_balances() == 1
    voucher.refresh_from_db()
    assert voucher.balance == 0
    assert not Booking.objects.exists()


def test_an_unused_voucher_can_be_returned_within_fourteen_days(
    client, voucher, capture
):
    url = reverse("prepaid:withdraw_voucher", args=[voucher_token(voucher)])
    with capture(execute=True):
        client.post(url)
    voucher.refresh_from_db()
    assert voucher.status == GiftVoucher.Status.WITHDRAWN
    assert Refund.objects.get().amount == Decimal("100.00")
    assert services.find_voucher(voucher.code).is_usable is False


def test_a_used_voucher_cannot_be_returned(client, voucher, paid_type, capture):
    book_with(client, redeem_url(voucher, paid_type), at(next_weekday(2), 10), capture)
    voucher.refresh_from_db()
    with pytest.raises(services.Refused):
        services.withdraw_voucher(voucher=voucher)
    assert not Refund.objects.exists()


def test_the_coach_gives_a_voucher_away_in_the_admin(
    admin_client, paid_type, queue, mailoutbox, capture
):
    with capture(execute=True):
        response = admin_client.post(
            reverse("admin:prepaid_giftvoucher_add"),
            {
                "description": "Bedankt voor je hulp",
                "amount": "95",
                "recipient_name": "Joris",
                "recipient_email": "joris@example.com",
                "message": "",
                "send_on": "",
            },
        )
    assert response.status_code == 302
    voucher = GiftVoucher.objects.get()
    assert voucher.is_usable and voucher.balance == Decimal("95.00")
    assert not Payment.objects.exists()
    queue.run()
    assert len([m for m in mailoutbox if m.to == ["joris@example.com"]]) == 1


def test_a_voucher_is_good_for_any_priced_session(client, voucher):
    other = SessionTypeFactory(name="Relatietherapie", slug="relatie", price=140)
    assert client.get(redeem_url(voucher, other)).status_code == 200


def test_the_pdf_takes_any_name_and_message():
    from prepaid import vouchers
    from tests.prepaid.factories import active_voucher

    voucher = active_voucher(
        recipient_name="Łukasz Nowak", message="Voor jou “met liefde” 🎉 — x"
    )
    assert vouchers.pdf(voucher).startswith(b"%PDF")
