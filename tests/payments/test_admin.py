"""The coach's view of payments: at a glance in the bookings, refunds by hand,
the month's money on the dashboard."""

from decimal import Decimal

from payments.models import Invoice, Payment, Refund
from tests.booking.factories import at, next_weekday
from tests.coachsite.test_roles import coach, staff
from tests.payments.mollie import book_and_pay


def test_the_coach_refunds_part_of_a_payment_and_no_more_than_is_left(
    client, mollie, paid_type, capture, queue
):
    book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    payment = Payment.objects.get()
    _user, as_coach = coach()
    url = f"/admin/payments/payment/{payment.pk}/refund/"

    page = as_coach.get(f"/admin/payments/payment/{payment.pk}/change/")
    too_much = as_coach.post(url, {"amount": "95.01", "reason": "Te veel"})
    with capture(execute=True):
        done = as_coach.post(url, {"amount": "30", "reason": "Half uur korter"})
    queue.run()
    refused = staff("payments.view_payment").post(url, {"amount": "1", "reason": "x"})

    assert url in page.content.decode()
    assert (
        "Er kan nog hoogstens € 95,00 worden terugbetaald"
        in (too_much.content.decode())
        or "95.00" in too_much.content.decode()
    )
    assert done.status_code == 302
    assert Refund.objects.get().amount == Decimal("30.00")
    assert Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE).count() == 1
    assert [r["amount"]["value"] for r in mollie.refunds.values()] == ["30.00"]
    assert refused.status_code == 403


def test_bookings_show_their_payment_and_the_dashboard_the_months_money(
    client, mollie, paid_type, capture
):
    book_and_pay(client, mollie, paid_type, at(next_weekday(2), 10), capture)
    _user, as_coach = coach()

    bookings = as_coach.get("/admin/booking/booking/").content.decode()
    dashboard = as_coach.get("/admin/").content.decode()

    assert "Betaald" in bookings
    assert "€ 95,00 ontvangen, € 0,00 terugbetaald" in dashboard
