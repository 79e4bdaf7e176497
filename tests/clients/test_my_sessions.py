"""'Mijn afspraken': a client signs in with a single-use link and sees only their
own sessions, invoices and details; they can download or erase them."""

import json
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from booking.models import Booking
from clients.links import SIGN_IN
from clients.models import SignIn
from coachsite.client_privacy import ERASE
from core.protection import make_form_token
from payments import invoices
from payments.models import Payment
from tests.booking.factories import BookingFactory
from tests.newsletter.factories import SubscriberFactory
from tests.tokens import token_made_ago

pytestmark = pytest.mark.django_db

START = "/mijn-afspraken/"


def ask_link(client, email, ip="10.3.3.3"):
    token = make_form_token("client-sign-in", issued_at=time.time() - 30)
    data = {"form_token": token, "company": "", "email": email}
    return client.post(START, data, REMOTE_ADDR=ip)


def link_in(message):
    return re.search(r"https?://\S+(/mijn-afspraken/inloggen/\S+/)", message.body)[1]


def signed_in(client, email, mailoutbox, capture):
    with capture(execute=True):
        ask_link(client, email)
    path = link_in(mailoutbox[-1])
    assert client.post(path).status_code == 302
    return path


def paid_invoice(email, reference):
    payment = Payment.objects.create(
        purpose="booking", reference=reference, amount=95, description="Sessie",
        name="Anouk", email=email, status="paid", paid_at=timezone.now(),
    )  # fmt: skip
    return invoices.issue(payment=payment, total=payment.amount)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def anouk(db):
    coming = BookingFactory(
        email="anouk@example.com",
        starts_at=timezone.now() + timedelta(days=5),
        intake_answers={"Waar wil je het over hebben?": "Vertrouwen"},
    )
    BookingFactory(
        email="anouk@example.com", starts_at=timezone.now() - timedelta(days=30)
    )
    return coming


def test_known_and_unknown_addresses_get_the_same_answer_and_only_one_a_mail(
    client, anouk, mailoutbox, capture
):
    with capture(execute=True):
        known = ask_link(client, "anouk@example.com")
        unknown = ask_link(client, "niemand@example.com")

    def answer(response):  # without the address asked for and the fresh tokens
        text = response.content.decode().replace("anouk@", "@")
        text = text.replace("niemand@", "@")
        return re.sub(r'value="[\w-]+/[\d.]+/[0-9a-f]+:[^"]+"', "", text)

    assert known.status_code == unknown.status_code == 200
    assert answer(known) == answer(unknown)
    assert [m.to for m in mailoutbox] == [["anouk@example.com"]]
    assert mailoutbox[0].subject == "Je inloglink"


def test_the_link_signs_in_once_and_a_mail_scanner_signs_in_nobody(
    client, anouk, mailoutbox, capture
):
    with capture(execute=True):
        ask_link(client, "anouk@example.com")
    path = link_in(mailoutbox[0])

    scanned = client.get(path)
    assert "Mijn afspraken" not in client.get(START).content.decode().split("<h1>")[1][
        :40
    ] or ('name="email"' in client.get(START).content.decode())
    used = client.post(path)
    again = client.post(path)
    page = client.get(START).content.decode()

    assert scanned.status_code == 200
    assert used.status_code == 302
    assert (
        again.status_code == 404
        and "Deze link werkt niet meer" in again.content.decode()
    )
    assert "Ingelogd als anouk@example.com" in page


def test_expired_or_tampered_links_sign_in_nobody(client, anouk, settings):
    sign_in = SignIn.objects.create(email="anouk@example.com")
    stale = token_made_ago(SIGN_IN, sign_in.key, seconds=31 * 60)
    fresh = SIGN_IN.token(sign_in.key)
    payload, signature = fresh.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")

    for token in (stale, f"{payload}:{flipped}", "geen-token"):
        response = client.post(f"{START}inloggen/{token}/")
        assert response.status_code == 404
    SignIn.objects.update(created_at=timezone.now() - timedelta(minutes=31))
    assert client.post(f"{START}inloggen/{fresh}/").status_code == 404
    assert 'name="email"' in client.get(START).content.decode()


def test_a_client_sees_only_their_own(client, anouk, mailoutbox, capture):
    other = BookingFactory(
        email="bram@example.com", starts_at=timezone.now() + timedelta(days=6)
    )
    mine, theirs = (
        paid_invoice("anouk@example.com", anouk.pk),
        paid_invoice("bram@example.com", other.pk),
    )
    SubscriberFactory(email="anouk@example.com")
    signed_in(client, "anouk@example.com", mailoutbox, capture)

    page = client.get(START).content.decode()
    own_pdf = client.get(f"{START}factuur-{mine.number}.pdf")
    other_pdf = client.get(f"{START}factuur-{theirs.number}.pdf")

    assert "Vertrouwen" in page  # the intake answer
    assert f"factuur-{mine.number}.pdf" in page
    assert theirs.number not in page
    assert "/afspraak/beheer/" in page
    assert "Je ontvangt de nieuwsbrief." in page
    assert own_pdf.content.startswith(b"%PDF")
    assert other_pdf.status_code == 404
    client.logout()
    assert client.get(f"{START}factuur-{mine.number}.pdf").status_code == 404


def test_signing_out_everywhere_ends_the_other_devices(
    client, anouk, mailoutbox, capture, settings
):
    from django.test import Client

    phone = Client()
    signed_in(client, "anouk@example.com", mailoutbox, capture)
    signed_in(phone, "anouk@example.com", mailoutbox, capture)
    assert "Ingelogd als" in phone.get(START).content.decode()

    client.post(f"{START}uitloggen/", {"everywhere": "1"})

    assert 'name="email"' in phone.get(START).content.decode()
    assert 'name="email"' in client.get(START).content.decode()


def test_a_session_lasts_a_few_hours(client, anouk, mailoutbox, capture):
    signed_in(client, "anouk@example.com", mailoutbox, capture)
    SignIn.objects.update(used_at=timezone.now() - timedelta(hours=5))

    assert 'name="email"' in client.get(START).content.decode()


def test_the_client_downloads_and_erases_their_details_after_confirming_by_mail(
    client, anouk, mailoutbox, capture
):
    signed_in(client, "anouk@example.com", mailoutbox, capture)

    exported = json.loads(client.get(f"{START}mijn-gegevens.json").content)
    with capture(execute=True):  # the mail goes as a task, after the commit
        client.post(f"{START}wissen/")
    erase_path = re.search(
        r"https?://\S+(/mijn-afspraken/wissen/\S+/)", mailoutbox[-1].body
    )[1]
    asked = client.get(erase_path)
    assert Booking.objects.filter(email="anouk@example.com").count() == 2  # not yet
    done = client.post(erase_path)

    assert len(exported["bookings"]) == 2
    assert str(anouk.session_type) in [b["session_type"] for b in exported["bookings"]]
    assert mailoutbox[-1].subject == "Bevestig het wissen van je gegevens"
    assert asked.status_code == 200
    assert done.status_code == 200
    assert not Booking.objects.filter(email="anouk@example.com").exists()
    assert not SignIn.objects.exists()
    assert 'name="email"' in client.get(START).content.decode()
    forged = ERASE.token("bram@example.com").rsplit(":", 1)[0] + ":x"
    assert client.post(f"{START}wissen/{forged}/").status_code == 404


def test_a_few_links_an_hour_per_address(client, anouk, settings):
    settings.CLIENT_SIGN_IN_RATE_LIMIT = (100, 600)
    answers = [
        ask_link(client, "anouk@example.com", ip=f"10.4.4.{n}").status_code
        for n in range(4)
    ]

    assert answers == [200, 200, 200, 429]


def test_housekeeping_forgets_links_and_sessions_that_are_over(anouk):
    from clients.services import forget_old_sign_ins

    long_ago = timezone.now() - timedelta(hours=5)
    unused = SignIn.objects.create(email="anouk@example.com")
    ended = SignIn.objects.create(email="anouk@example.com", used_at=long_ago)
    going = SignIn.objects.create(email="anouk@example.com", used_at=timezone.now())
    fresh = SignIn.objects.create(email="anouk@example.com")
    SignIn.objects.filter(pk__in=[unused.pk, ended.pk, going.pk]).update(
        created_at=long_ago
    )

    assert forget_old_sign_ins() == 2
    assert set(SignIn.objects.values_list("pk", flat=True)) == {going.pk, fresh.pk}
