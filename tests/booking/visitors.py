"""Booking as a visitor does, through the pages."""

import time

from django.urls import reverse

from booking.times.visitor_week import instant_param
from core.protection import make_form_token


def booking_data(start, **fields):
    return {
        "form_token": make_form_token("booking", issued_at=time.time() - 30),
        "company": "",
        "start": instant_param(start) if hasattr(start, "tzinfo") else start,
        "time_zone": "Europe/Amsterdam",
        "name": "Anouk de Vries",
        "email": "anouk@example.com",
        "phone": "",
        "consent": "on",
        "early_start": "on",  # asked only of paid sessions within 14 days
        **fields,
    }


def book(client, session_type, start, *, capture=None, ip="10.2.2.2", **fields):
    """POST the booking form; with `capture`, run what waits for the commit."""
    url = reverse("booking:book", args=[session_type.slug])
    data = booking_data(start, **fields)
    if capture is None:
        return client.post(url, data, REMOTE_ADDR=ip)
    with capture(execute=True):
        return client.post(url, data, REMOTE_ADDR=ip)
