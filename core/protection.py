"""Spam and flood protection for the public forms, which carry no CSRF cookie.

Anonymous pages are cached whole, so their forms cannot rely on Django's CSRF
cookie. Each form carries instead a signed token (its purpose and the moment it
was rendered) and a honeypot field that people never see. They carry no ambient
authority (nobody is logged in), and submissions are rate limited per client.
"""

import functools
import ipaddress
import re
import secrets
import time
from datetime import UTC, datetime, timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from core import counters
from core.forms import public_renderer
from core.visitors import wants_json

TOKEN_SALT = "coachsite.form-token"  # noqa: S105 (a salt, not a password)
TOKEN_FIELD = re.compile(rb'name="form_token" value="([^"]+)"')


class BadToken(Exception):
    """The token was not made by this site for this form."""


def token_signer():
    return signing.Signer(salt=TOKEN_SALT)


def make_form_token(purpose, *, issued_at=None):
    """A token for one form and one submission: two visitors served in the same
    moment get different ones (the nonce), so spending one spends only that.
    Cached pages get fresh ones on every serving, hence the plain format."""
    issued_at = time.time() if issued_at is None else issued_at
    return token_signer().sign(f"{purpose}/{issued_at:.1f}/{secrets.token_hex(6)}")


def read_token(token):
    """(purpose, moment made) of a token this site made; BadToken otherwise."""
    try:
        value = token_signer().unsign(token)
        purpose, issued_at, _nonce = value.split("/")
        return purpose, float(issued_at)
    except signing.BadSignature:
        raise BadToken from None
    except ValueError:  # made before 2026-12, on pages still open
        try:
            payload = signing.loads(token, salt=TOKEN_SALT)
            return payload["p"], float(payload["t"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise BadToken from None


def token_age(token, purpose):
    """Seconds since `token` was made for `purpose`; BadToken if it was not."""
    made_for, issued_at = read_token(token)
    if made_for != purpose:
        raise BadToken
    return time.time() - issued_at


def split_at_tokens(content):
    """The page's bytes around its forms' tokens, and each token's purpose.

    A page from the cache gets tokens made when it is served, not when it was
    cached, so that "sent too fast" still measures from when the visitor got it.
    """
    texts, purposes, start = [], [], 0
    for match in TOKEN_FIELD.finditer(content):
        try:
            purpose, _issued_at = read_token(match[1].decode())
        except (BadToken, UnicodeDecodeError):
            continue  # not one of ours: it stays part of the text
        texts.append(content[start : match.start()])
        purposes.append(purpose)
        start = match.end()
    texts.append(content[start:])
    return texts, purposes


def token_field(purpose):
    """The hidden field's attributes with a token made now."""
    return b'name="form_token" value="%s"' % make_form_token(purpose).encode()


class ProtectedForm(forms.Form):
    """A public form: signed token with a minimum and maximum age, and a honeypot.

    Signs of a bot do not fail validation (a bot must not learn what gave it away):
    they are listed in `spam_reasons`. An expired token does fail, with a fresh one,
    so that a person who left the page open only has to send again. A token is
    spent by the first submission that gets through its fields (a replay is spam),
    and the form, should it be shown again, carries a fresh one.
    """

    purpose = ""
    max_age = 24 * 60 * 60
    default_renderer = public_renderer

    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden by CSS and from assistive technology, left empty by people.
    company = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.spam_reasons = []
        if not self.is_bound:
            self.initial["form_token"] = make_form_token(self.purpose)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("company"):
            self.spam_reasons.append("honeypot")
        try:
            age = token_age(cleaned_data.get("form_token", ""), self.purpose)
        except BadToken:
            self.spam_reasons.append("forged token")
            return cleaned_data
        if age < settings.FORMS_MIN_SECONDS:
            self.spam_reasons.append("sent too fast")
        elif age > self.max_age:
            self.renew_token()
            raise forms.ValidationError(
                _("This form was open for a long time. Please send it again."),
                code="expired",
            )
        elif not self.errors:
            if not self.spend_token(cleaned_data["form_token"], age):
                self.spam_reasons.append("token used before")
            self.renew_token()
        return cleaned_data

    def renew_token(self):
        self.data = self.data.copy()
        self.data["form_token"] = make_form_token(self.purpose)

    def spend_token(self, token, age):
        """Whether this is the token's first use (it is counted until it expires)."""
        expires_at = timezone.now() + timedelta(seconds=self.max_age - age)
        key = f"form-token:{keyed_hash('coachsite.form-token', token)}"
        return counters.count(key, expires_at=expires_at) == 1


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the address a trusted proxy saw."""
    address = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    # The right-most address that is not one of our proxies is the client.
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            return hop
    return address


@functools.cache
def networks(specs):
    return [ipaddress.ip_network(spec, strict=False) for spec in specs]


def is_trusted_proxy(address):
    """Whether `address` is in TRUSTED_PROXIES (addresses or CIDR ranges)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks(tuple(settings.TRUSTED_PROXIES)))


def network_of(address, *, ipv4_prefix, ipv6_prefix):
    """The network around `address`: a visitor on IPv6 holds a whole /64 (and a
    provider hands out /48s), so limits per address count those."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = ipv4_prefix if ip.version == 4 else ipv6_prefix
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def keyed_hash(purpose, value):
    """A keyed hash of `value`: comparable, but not the value itself."""
    return salted_hmac(purpose, value, algorithm="sha256").hexdigest()


def ip_hash(request):
    """The client's address as stored with a comment: hashed, never in clear."""
    return keyed_hash("coachsite.ip", client_ip(request))


def client_hash(request):
    """Who a rate limit counts: the client's address, or its /64 on IPv6."""
    address = network_of(client_ip(request), ipv4_prefix=32, ipv6_prefix=64)
    return keyed_hash("coachsite.ip", address)


def within_rate_limit(key, *, limit, seconds):
    """Count one more attempt for `key`; False once more than `limit` fall in a
    window of `seconds`. The counts live in the database (core.counters), where
    no flood of cached pages can push them out."""
    window = int(time.time() // seconds)
    expires_at = datetime.fromtimestamp((window + 1) * seconds, UTC)
    return counters.count(f"limit:{key}:{window}", expires_at=expires_at) <= limit


class RateLimited(Exception):
    """Over a rate limit; the public form's view answers "slow down"."""

    def __init__(self, retry_after, message=None):
        super().__init__(retry_after)
        self.retry_after = retry_after
        self.message = message


def check_rate(key, *, rate_limit, message=None):
    """Count an attempt for `key`; RateLimited past `rate_limit`, the name of a
    setting that holds (attempts, seconds). `message`: what to tell the visitor."""
    limit, seconds = getattr(settings, rate_limit)
    if not within_rate_limit(key, limit=limit, seconds=seconds):
        raise RateLimited(retry_after=seconds, message=message)


def public_form(*, rate_limit):
    """The guard of a view with a public form.

    Anonymous pages are cached whole, so the form carries no CSRF cookie: the view
    is exempt, and its signed form token, honeypot and rate limits protect it. Each
    POST counts against `rate_limit` (a setting's name) for the client's address;
    the view may count more (per e-mail address, say) with `check_rate`.
    """

    def decorator(view):
        @csrf_exempt
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            try:
                if request.method == "POST":
                    key = f"{rate_limit}:{client_hash(request)}"
                    check_rate(key, rate_limit=rate_limit)
                return view(request, *args, **kwargs)
            except RateLimited as limited:
                return too_many_requests(
                    request, retry_after=limited.retry_after, message=limited.message
                )

        return guarded

    return decorator


def too_many_requests(request, *, retry_after, message=None):
    """A friendly "slow down" for a visitor (or bot) over a rate limit."""
    message = message or _(
        "You have sent this form many times in a short while. "
        "Please wait a few minutes and try again."
    )
    if wants_json(request):
        response = JsonResponse({"ok": False, "message": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
