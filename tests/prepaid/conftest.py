import pytest

from prepaid.models import Package
from tests.payments import conftest as payments

# The fake Mollie, a paid session type, the task queue and on_commit capture.
mollie, paid_type, queue = payments.mollie, payments.paid_type, payments.queue
capture = payments.capture


@pytest.fixture
def package(paid_type):
    package = Package.objects.create(
        name="Vijf sessies", slug="vijf-sessies", sessions=5, price=425, valid_months=12
    )
    package.session_types.add(paid_type)
    return package
