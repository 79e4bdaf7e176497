"""manage.py mailcheck: the DNS records the sending domain needs."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db  # the test session's fixtures need the database

FROM = "Sanne Verbeek <sanne@coach.example.nl>"


def mailcheck():
    out, err = io.StringIO(), io.StringIO()
    call_command("mailcheck", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_provider_with_its_own_spf_include(settings):
    settings.DEFAULT_FROM_EMAIL = FROM
    settings.EMAIL_PROVIDER = "mailjet"

    out, err = mailcheck()

    assert "leaves through Mailjet" in out
    assert 'TXT  coach.example.nl  "v=spf1 include:spf.mailjet.com ~all"' in out
    assert "mailjet._domainkey.coach.example.nl" in out
    assert (
        '_dmarc.coach.example.nl  "v=DMARC1; p=none; '
        'rua=mailto:dmarc@coach.example.nl"' in out
    )
    assert err == ""


def test_a_provider_with_its_own_return_path_needs_no_spf(settings):
    settings.DEFAULT_FROM_EMAIL = FROM
    settings.EMAIL_PROVIDER = "postmark"

    out, _err = mailcheck()

    assert "Not needed on coach.example.nl for Postmark" in out
    assert "<date>pm._domainkey.coach.example.nl" in out
    assert "pm-bounces" in out


def test_plain_smtp_and_settings_that_would_fail(settings):
    settings.DEFAULT_FROM_EMAIL = "coachsite <noreply@localhost>"
    settings.EMAIL_PROVIDER = ""
    settings.NEWSLETTER_BOUNCE_ADDRESS = "bounces@elders.example"

    out, err = mailcheck()

    assert "leaves through your SMTP server" in out
    assert "the SPF your mail host documents" in out
    assert "DEFAULT_FROM_EMAIL sends from 'localhost'" in err
    assert "would not align" in err


def test_a_bounce_address_on_a_subdomain_aligns(settings):
    settings.DEFAULT_FROM_EMAIL = FROM
    settings.EMAIL_PROVIDER = ""
    settings.NEWSLETTER_BOUNCE_ADDRESS = "bounces@mail.coach.example.nl"

    _out, err = mailcheck()

    assert err == ""


def test_a_provider_not_in_the_list_gets_the_general_advice(settings):
    settings.DEFAULT_FROM_EMAIL = FROM
    settings.EMAIL_PROVIDER = "postal"

    out, _err = mailcheck()

    assert "leaves through postal" in out
    assert "what the provider documents" in out
