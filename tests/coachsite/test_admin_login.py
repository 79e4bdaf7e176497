"""Admin logins: locked out after repeated failures; two-factor for who wants it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "lang-en-geheim-wachtwoord-42"


@pytest.fixture
def coach():
    return get_user_model().objects.create_user(
        "noor", "noor@example.com", PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password=PASSWORD, code=None, address="203.0.113.9"):
    data = {"username": "noor", "password": password, "next": reverse("admin:index")}
    if code is not None:
        data["otp_token"] = code
    return client.post(reverse("admin:login"), data, REMOTE_ADDR=address)


def is_logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_staff_without_two_factor_log_in_with_a_password(client, coach):
    response = log_in(client)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_five_failures_from_one_address_lock_it_out_for_an_hour(client, coach):
    for _ in range(4):
        assert log_in(client, password="geraden").status_code == 200
    assert log_in(client, password="geraden").status_code == 429

    response = log_in(client)  # even the right password, now

    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert not is_logged_in(client)
    # The lock is on the address, not on the coach: she can still log in elsewhere.
    assert log_in(client, address="198.51.100.7").status_code == 302


def test_a_successful_login_clears_earlier_failures(client, coach):
    for _ in range(4):
        log_in(client, password="geraden")
    assert log_in(client).status_code == 302
    client.logout()

    for _ in range(4):
        log_in(client, password="geraden")

    assert log_in(client).status_code == 302


def test_with_two_factor_on_the_code_is_required(client, coach):
    device = TOTPDevice.objects.create(user=coach, name="telefoon")

    without = log_in(client)
    wrong = log_in(client, code=f"{(totp(device.bin_key) + 1) % 10**6:06d}")
    assert without.status_code == wrong.status_code == 200
    assert not is_logged_in(client)

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp makes the next try wait
    device.throttling_failure_timestamp = None
    device.save()
    assert log_in(client, code=f"{totp(device.bin_key):06d}").status_code == 302
    assert is_logged_in(client)


def test_the_login_page_asks_for_the_code_in_dutch(client):
    form = parse(client.get(reverse("admin:login"))).find("form", id="login-form")

    field = form.find("input", attrs={"name": "otp_token"})
    assert field["autocomplete"] == "one-time-code"
    assert "Verificatiecode" in form.find("label", attrs={"for": field["id"]}).text


def test_a_backup_code_works_once(client, coach):
    TOTPDevice.objects.create(user=coach, name="telefoon")
    backup = StaticDevice.objects.create(user=coach, name="reserve")
    backup.token_set.create(token="reservecode1")

    assert log_in(client, code="reservecode1").status_code == 302
    client.logout()

    assert log_in(client, code="reservecode1").status_code == 200


def test_a_session_without_the_code_does_not_reach_the_admin(client, coach):
    """Turning two-factor on asks for the code from the next admin page on."""
    client.force_login(coach)
    assert is_logged_in(client)

    TOTPDevice.objects.create(user=coach, name="telefoon")

    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_coach_enrols_a_phone_with_a_qr_code(admin_client, admin_user):
    form = admin_client.get(reverse("admin:otp_totp_totpdevice_add")).context[
        "adminform"
    ]
    assert form.form.initial["confirmed"] is False  # not locked out before scanning
    assert form.form.initial["user"] == admin_user.pk
    device = TOTPDevice.objects.create(user=admin_user, name="tel", confirmed=False)

    response = admin_client.get(
        reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert is_logged_in(admin_client)
