"""Demo session cards on sale, one a client bought, and a voucher to try."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from booking.models import SessionType
from prepaid.models import (
    CreditEntry,
    GiftVoucher,
    Package,
    SessionCard,
    VoucherEntry,
    add_months,
)

PACKAGES = [
    {
        "slug": "vijf-individuele-sessies",
        "name": "Vijf individuele sessies",
        "description": "Voor wie een tijdje wil doorwerken: vijf sessies van een uur, "
        "te boeken wanneer het jou uitkomt.",
        "sessions": 5,
        "price": Decimal(425),
        "valid_months": 12,
        "types": ["individuele-sessie"],
    },
    {
        "slug": "drie-sessies-voor-stellen",
        "name": "Drie sessies voor stellen",
        "description": "Drie keer anderhalf uur samen, binnen een halfjaar.",
        "sessions": 3,
        "price": Decimal(375),
        "valid_months": 6,
        "types": ["relatiesessie"],
    },
]

# The code a newcomer can try at /cadeaubon/inwisselen/ (README).
VOUCHER_CODE = "CADEAUBNVERA"


def has_content():
    return Package.objects.exists()


def load():
    for position, fields in enumerate(PACKAGES):
        fields = dict(fields)
        types = SessionType.objects.filter(slug__in=fields.pop("types"))
        package, created = Package.objects.get_or_create(
            slug=fields["slug"], defaults={**fields, "position": position}
        )
        if created:
            package.session_types.set(types)
    today = timezone.localdate()
    if not SessionCard.objects.exists():
        card = SessionCard.objects.create(
            package=Package.objects.get(slug="vijf-individuele-sessies"),
            name="Marloes Bakker",
            email="marloes@example.com",
            sessions=5,
            price=Decimal(425),
            status=SessionCard.Status.ACTIVE,
            balance=3,
            valid_until=add_months(today, 11),
            paid_at=timezone.now() - timedelta(days=30),
        )
        card.entries.create(kind=CreditEntry.Kind.BOUGHT, change=5)
        card.entries.create(kind=CreditEntry.Kind.USED, change=-1)
        card.entries.create(kind=CreditEntry.Kind.USED, change=-1)
    if not GiftVoucher.objects.exists():
        voucher = GiftVoucher.objects.create(
            code=VOUCHER_CODE,
            description="Een cadeaubon voor coaching",
            amount=Decimal(100),
            balance=Decimal(100),
            status=GiftVoucher.Status.ACTIVE,
            valid_until=add_months(today, 24),
            buyer_name="Peter Jansen",
            buyer_email="peter@example.com",
            recipient_name="Vera",
            paid_at=timezone.now(),
        )
        voucher.entries.create(kind=VoucherEntry.Kind.BOUGHT, change=voucher.amount)
