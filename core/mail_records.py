"""The DNS records a sending domain needs (SPF, DKIM, DMARC) for the way mail
leaves: plain SMTP or a provider through django-anymail. Printed by
`manage.py mailcheck`; docs/deploy.md walks through them.

Keys differ per account, so DKIM values are named, not given: each provider shows
them in its domain settings. What is fixed per provider is written here."""

from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings


@dataclass(frozen=True)
class Record:
    kind: str  # TXT, CNAME, MX
    name: str  # relative to the domain: "@" is the domain itself
    value: str


@dataclass(frozen=True)
class Provider:
    title: str
    spf: str | None  # the SPF mechanism to add, or None when its return path is its own
    dkim: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


FROM_DASHBOARD = "the value {title} shows in its domain settings"

PROVIDERS = {
    "smtp": Provider(
        "your SMTP server",
        spf="include:<the SPF your mail host documents>",
        dkim=[Record("TXT", "<selector>._domainkey", FROM_DASHBOARD)],
        notes=["Ask your mail host for its SPF include and its DKIM selector and key."],
    ),
    "amazon_ses": Provider(
        "Amazon SES",
        spf=None,
        dkim=[
            Record("CNAME", f"<token{n}>._domainkey", f"<token{n}>.dkim.amazonses.com")
            for n in (1, 2, 3)
        ],
        notes=[
            "For SPF alignment set a custom MAIL FROM domain (e.g. bounce.<domain>):"
            " MX feedback-smtp.<region>.amazonses.com and TXT"
            ' "v=spf1 include:amazonses.com ~all" on it.'
        ],
    ),
    "brevo": Provider(
        "Brevo",
        spf=None,
        dkim=[
            Record("CNAME", "brevo1._domainkey", FROM_DASHBOARD),
            Record("CNAME", "brevo2._domainkey", FROM_DASHBOARD),
            Record("TXT", "@", "brevo-code:<the code Brevo shows>"),
        ],
        notes=["Brevo sends with its own return path: DKIM carries DMARC."],
    ),
    "mailgun": Provider(
        "Mailgun",
        spf="include:mailgun.org",
        dkim=[Record("TXT", "<selector>._domainkey", FROM_DASHBOARD)],
    ),
    "mailjet": Provider(
        "Mailjet",
        spf="include:spf.mailjet.com",
        dkim=[Record("TXT", "mailjet._domainkey", FROM_DASHBOARD)],
    ),
    "postmark": Provider(
        "Postmark",
        spf=None,
        dkim=[Record("TXT", "<date>pm._domainkey", FROM_DASHBOARD)],
        notes=[
            "For SPF alignment add the custom Return-Path CNAME pm-bounces →"
            " pm.mtasv.net."
        ],
    ),
    "resend": Provider(
        "Resend",
        spf=None,
        dkim=[Record("TXT", "resend._domainkey", FROM_DASHBOARD)],
        notes=[
            "On send.<domain>: MX feedback-smtp.<region>.amazonses.com and TXT"
            ' "v=spf1 include:amazonses.com ~all".'
        ],
    ),
    "scaleway": Provider(
        "Scaleway Transactional Email",
        spf="include:_spf.tem.scaleway.com",
        dkim=[Record("TXT", "<project-id>._domainkey", FROM_DASHBOARD)],
    ),
    "sendgrid": Provider(
        "SendGrid",
        spf=None,
        dkim=[
            Record("CNAME", "em<number>", "u<number>.wl<number>.sendgrid.net"),
            Record(
                "CNAME",
                "s1._domainkey",
                "s1.domainkey.u<number>.wl<number>.sendgrid.net",
            ),
            Record(
                "CNAME",
                "s2._domainkey",
                "s2.domainkey.u<number>.wl<number>.sendgrid.net",
            ),
        ],
        notes=["With automated security the em<number> CNAME carries SPF."],
    ),
    "sparkpost": Provider(
        "SparkPost",
        spf="include:sparkpostmail.com",
        dkim=[Record("TXT", "scph<mmyy>._domainkey", FROM_DASHBOARD)],
    ),
}


def sending_domain():
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2].lower()


def provider():
    """How mail leaves (EMAIL_PROVIDER, or SMTP); an unlisted provider gets the
    generic advice."""
    name = settings.EMAIL_PROVIDER or "smtp"
    generic = Provider(
        name,
        spf="include:<what the provider documents>",
        dkim=[Record("TXT", "<selector>._domainkey", FROM_DASHBOARD)],
    )
    return PROVIDERS.get(name, generic)


def dmarc(domain):
    return Record("TXT", "_dmarc", f"v=DMARC1; p=none; rua=mailto:dmarc@{domain}")


def warnings(domain):
    """What would make the records fail, read from the settings."""
    found = []
    if domain in ("", "localhost") or "." not in domain:
        found.append(
            f"DEFAULT_FROM_EMAIL sends from '{domain}': set an address at your own "
            "domain, e.g. 'Sanne <sanne@coach.example.nl>'."
        )
    bounce = settings.NEWSLETTER_BOUNCE_ADDRESS.rpartition("@")[2].lower()
    if bounce and not (bounce == domain or bounce.endswith(f".{domain}")):
        found.append(
            f"NEWSLETTER_BOUNCE_ADDRESS is at '{bounce}', not at '{domain}': "
            "its return path would not align with the From address for DMARC."
        )
    return found
