"""Playing Mollie's part in tests: its webhook, as Mollie posts it."""

from django.urls import reverse


def webhook(client, payment_id):
    """POST the id alone, as Mollie does."""
    return client.post(reverse("payments:webhook"), {"id": payment_id})


def only_payment(fake):
    (payment_id,) = fake.payments
    return payment_id


def book_and_pay(client, mollie, session_type, start, capture, **fields):
    """Book a paid session through the pages and pay it at the fake checkout;
    the booking, confirmed."""
    from booking.models import Booking
    from tests.booking.visitors import book

    known = set(mollie.payments)
    response = book(client, session_type, start, capture=capture, **fields)
    assert response.status_code == 302, response.content
    (payment_id,) = set(mollie.payments) - known
    mollie.settle(payment_id, "paid", notify=False)
    with capture(execute=True):
        assert webhook(client, payment_id).status_code == 200
    booking = Booking.objects.get(email=fields.get("email", "anouk@example.com"))
    assert booking.status == Booking.Status.CONFIRMED
    return booking
