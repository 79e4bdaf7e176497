"""What payments tells the rest of the site. Receivers check `payment.purpose`;
the top layer (coachsite.wiring) connects them. Both are sent inside the
transaction that records the news, once per payment."""

from django.dispatch import Signal

# The money is in: `payment`.
payment_paid = Signal()

# The payment ended without money (cancelled, expired or failed): `payment`.
payment_failed = Signal()
