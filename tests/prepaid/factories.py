"""Cards and vouchers as if bought (no mail, no payment)."""

from decimal import Decimal

from django.utils import timezone

from prepaid.models import (
    GiftVoucher,
    Package,
    SessionCard,
    add_months,
    new_code,
)
from tests.booking.factories import SessionTypeFactory


def active_card(package=None, *, balance=5, email="anouk@example.com"):
    if package is None:
        package = Package.objects.create(
            name="Vijf sessies", slug=f"vijf-{new_code()}", sessions=5, price=425
        )
        package.session_types.add(SessionTypeFactory(price=95))
    card = SessionCard.objects.create(
        package=package, name="Anouk de Vries", email=email,
        sessions=package.sessions, price=package.price,
        status=SessionCard.Status.ACTIVE, balance=balance,
        valid_until=add_months(timezone.localdate(), 12), paid_at=timezone.now(),
    )  # fmt: skip
    card.entries.create(kind="bought", change=balance)
    return card


def active_voucher(amount=100, **fields):
    amount = Decimal(amount)
    voucher = GiftVoucher.objects.create(
        code=new_code(), amount=amount, balance=amount, description="Cadeau",
        buyer_name="Sanne", buyer_email="sanne@example.com",
        status=GiftVoucher.Status.ACTIVE,
        valid_until=add_months(timezone.localdate(), 24), paid_at=timezone.now(),
        **fields,
    )  # fmt: skip
    voucher.entries.create(kind="bought", change=amount)
    return voucher
