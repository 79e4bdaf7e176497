"""Settings for coachsite: one module, configured through environment variables.

With nothing set it runs on the embedded defaults (SQLite, local-memory cache, console
e-mail, database task queue). README.md lists every variable.
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, *, default=False):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def env_list(name):
    return [
        item.strip() for item in os.environ.get(name, "").split(",") if item.strip()
    ]


# Core

DEBUG = env_bool("DJANGO_DEBUG")

# Only ever used with DJANGO_DEBUG=1, so a leaked copy of it unlocks nothing.
DEV_SECRET_KEY = "django-insecure-coachsite-development-key"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (
    ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not SECRET_KEY or not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set SECRET_KEY and ALLOWED_HOSTS (or DJANGO_DEBUG=1 for local work)."
    )

# Absolute links in e-mails, feeds and canonical URLs start with this.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Reverse proxies whose X-Forwarded-For is believed when rate limiting by client IP:
# addresses or CIDR ranges (a load balancer's subnet, say).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {proxy!r} is not an address or a CIDR range."
        ) from None
# A public form sent sooner than this after its page was served comes from a bot.
FORMS_MIN_SECONDS = 3

ROOT_URLCONF = "coachsite.urls"
WSGI_APPLICATION = "coachsite.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6.0's default, adopted now

# The admin lives at a configurable path, so it is not where every bot looks first.
ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin/").strip("/") + "/"


# Apps

INSTALLED_APPS = [
    # The layers, from the shared core up to the site on top (see README).
    "core",
    "payments",
    "booking",
    "prepaid",
    "blog",
    "newsletter",
    "reviews",
    "clients",
    "coachsite.apps.CoachsiteConfig",
    "coachsite.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its templates, for FORM_RENDERER
    "django_ckeditor_5",
    "simple_history",
    "coachsite.apps.LoginAttemptsConfig",  # django-axes
    "django_otp",
    "coachsite.apps.TwoFactorConfig",  # django_otp.plugins.otp_totp
    "coachsite.apps.BackupCodesConfig",  # django_otp.plugins.otp_static
    "django_rq",
    "django_tasks",
    "django_tasks_db",
    "django_tasks_rq",
    "solo",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which serves static files precompressed; Django's gzip pads
    # each response with random bytes against BREACH.
    "django.middleware.gzip.GZipMiddleware",
    # Answers If-None-Match with 304 from the ETag the page cache sets.
    "django.middleware.http.ConditionalGetMiddleware",
    "core.middleware.CanonicalPageNumberMiddleware",
    "core.pagecache.PageCacheMiddleware",
    "core.middleware.PrivateResponseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"  # the admin's

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
                "newsletter.context_processors.signup_form",
            ],
        },
    },
]


# Database

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while the worker writes; IMMEDIATE takes the write lock
    # at the start of a transaction, so a re-check and its insert cannot interleave.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
    }
    # Tests use a file, not memory: concurrency tests need real connections.
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / ".test-db.sqlite3"}


# Cache

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coachsite",
        }
    }
elif DEBUG or env_bool("LOCAL_MEMORY_CACHE"):
    # One cache per process: right for one process, wrong for several (each would
    # serve pages the others have emptied), hence the explicit opt-in in production.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
else:
    raise ImproperlyConfigured(
        "Set REDIS_URL, so that all web processes share one cache; or, for a site "
        "served by a single process, LOCAL_MEMORY_CACHE=1."
    )

# Anonymous pages are cached whole for at most this long (and emptied on every change);
# 0 switches the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 600))
# How long a CDN or proxy in front may serve an anonymous page without asking again
# (browsers always revalidate; the ETag turns that into a 304).
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", 60))

# The site profile is read on every page; django-solo keeps it in the cache.
SOLO_CACHE = "default"
SOLO_CACHE_TIMEOUT = 300


# Tasks (e-mail is never sent inside a request)

if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# /healthz reports the queue as stuck when a ready task has waited longer than this.
HEALTH_MAX_TASK_WAIT_SECONDS = int(os.environ.get("HEALTH_MAX_TASK_WAIT_SECONDS", 300))
# Housekeeping hands a task back to the queue when its worker died while running it.
TASK_RUNNING_TIMEOUT_SECONDS = int(os.environ.get("TASK_RUNNING_TIMEOUT_SECONDS", 1800))


# Comments (the moderation rules follow WordPress's defaults)

COMMENTS_CLOSE_AFTER_DAYS = int(
    os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", 0)
)  # 0: never
COMMENTS_MAX_DEPTH = 3  # a comment, a reply, a reply to the reply
COMMENTS_PER_PAGE = 50  # threads on one post page
COMMENTS_MAX_LENGTH = 10_000
COMMENTS_HOLD_LONGER_THAN = 3_000  # characters
COMMENTS_HOLD_MORE_LINKS_THAN = 2
COMMENTS_MODERATION_WORDS = env_list("COMMENTS_MODERATION_WORDS")  # held for approval
COMMENTS_BLOCKED_WORDS = env_list("COMMENTS_BLOCKED_WORDS") or [
    "viagra", "cialis", "casino", "escort", "payday loan", "crypto giveaway",
]  # fmt: skip
COMMENTS_RATE_LIMIT = (5, 600)  # comments per window of seconds, per address and e-mail
COMMENTS_DUPLICATE_SECONDS = 3600
COMMENTS_SPAM_KEPT_DAYS = 30


# Newsletter

NEWSLETTER_CONSENT_VERSION = "2026-11"  # raise when the consent text changes
NEWSLETTER_RATE_LIMIT = (5, 600)  # sign-ups per window of seconds, per address
NEWSLETTER_CONFIRM_DAYS = 7  # a confirmation link works this long
NEWSLETTER_BATCH_SIZE = 50  # messages per SMTP connection
NEWSLETTER_MAX_ATTEMPTS = 6  # then a delivery counts as failed
NEWSLETTER_RETRY_SECONDS = 120  # first retry; doubles with every attempt
NEWSLETTER_STALE_SECONDS = int(os.environ.get("NEWSLETTER_STALE_SECONDS", 600))
NEWSLETTER_NEW_POST_HOURS = 48  # older posts are not mailed (a backdated post)
NEWSLETTER_DIGEST_WEEKDAY = 0  # Monday
NEWSLETTER_DIGEST_HOUR = 8  # in TIME_ZONE
# Plain SMTP without a provider's webhooks: mailings go out with a VERP return path
# (bounces+<delivery>-<signature>@…) on this address, and the worker reads the
# bounce reports from its mailbox over IMAP (newsletter.bounces).
NEWSLETTER_BOUNCE_ADDRESS = os.environ.get("NEWSLETTER_BOUNCE_ADDRESS", "")
# imaps://user:password@host[:port][/folder]; imap:// only on a trusted network.
NEWSLETTER_BOUNCE_MAILBOX = os.environ.get("NEWSLETTER_BOUNCE_MAILBOX", "")


# Booking

BOOKING_SLOT_STEP_MINUTES = 30  # free times start on the hour and the half hour
BOOKING_CHANGE_NOTICE_HOURS = int(os.environ.get("BOOKING_CHANGE_NOTICE_HOURS", 24))
BOOKING_REMINDER_HOURS = int(os.environ.get("BOOKING_REMINDER_HOURS", 24))
# A client's link to their booking stops working this many days after the session.
BOOKING_LINK_DAYS_AFTER = int(os.environ.get("BOOKING_LINK_DAYS_AFTER", 14))
# Intake answers are deleted this long after the session.
BOOKING_INTAKE_KEPT_MONTHS = int(os.environ.get("BOOKING_INTAKE_KEPT_MONTHS", 12))
BOOKING_VIDEO_URL = os.environ.get("BOOKING_VIDEO_URL", "https://meet.jit.si/")
BOOKING_RATE_LIMIT = (5, 600)  # booking attempts per window of seconds, per address
# The coach's own calendars (Google, Outlook, Apple): read this often, with this
# time-out (connect, read) in the worker.
OWN_CALENDAR_EVERY_MINUTES = 5
OWN_CALENDAR_TIMEOUT_SECONDS = (5, 20)
BOOKING_WAITING_PER_ADDRESS = 5  # full days one address may wait for at once
BOOKING_WAITING_LINK_HOURS = 12  # how long the link to a freed time works
# Orders of session cards and vouchers, and voucher codes tried, per address.
PREPAID_RATE_LIMIT = (10, 600)
VOUCHER_AMOUNTS = (50, 100, 150)  # the amounts offered besides the session types
# Free sessions cost a spammer nothing: at most this many a day from one address
# (an IPv6 /64), and from one network (an IPv4 /24, an IPv6 /48).
BOOKING_FREE_PER_ADDRESS = (2, 24 * 60 * 60)
BOOKING_FREE_PER_NETWORK = (6, 24 * 60 * 60)
# A booking of a type that asks for confirmation by e-mail is held this long.
BOOKING_CONFIRM_HOLD_MINUTES = 60
# A paid booking holds its time this long while the client pays.
BOOKING_PAYMENT_HOLD_MINUTES = int(os.environ.get("BOOKING_PAYMENT_HOLD_MINUTES", 15))

# The client's own page: a sign-in link by e-mail works once, for this long, and
# the session it opens lasts this long.
CLIENT_LINK_MINUTES = 30
CLIENT_SESSION_HOURS = 4
CLIENT_SIGN_IN_RATE_LIMIT = (5, 600)  # requests per window of seconds, per address
CLIENT_LINKS_PER_ADDRESS = (3, 60 * 60)  # links per window, per e-mail address

# Payments (Mollie). Without a key, paid sessions are booked and paid outside the
# site, as before. Tests and `make run` point the address at a local stand-in.
MOLLIE_API_KEY = os.environ.get("MOLLIE_API_KEY", "")
MOLLIE_API_URL = os.environ.get("MOLLIE_API_URL", "https://api.mollie.com")
MOLLIE_TIMEOUT_SECONDS = (2, 10)  # connect, read

# Reviews

# Clients are asked for a review this long after a session (at once when the coach
# marks it completed), with a link that works once and for this many days.
REVIEWS_INVITE_AFTER_HOURS = int(os.environ.get("REVIEWS_INVITE_AFTER_HOURS", 24))
REVIEWS_LINK_DAYS = int(os.environ.get("REVIEWS_LINK_DAYS", 60))
REVIEWS_PER_PAGE = 10
REVIEWS_RATE_LIMIT = (5, 600)  # review attempts per window of seconds, per address


# E-mail

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT") or (587 if EMAIL_USE_TLS else 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "coachsite <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Or through a mail provider's API (django-anymail): EMAIL_PROVIDER is anymail's name
# for it (postmark, brevo, mailjet, mailgun, amazon_ses, ...), and its settings keep
# anymail's names: ANYMAIL_POSTMARK_SERVER_TOKEN, ANYMAIL_WEBHOOK_SECRET and so on.
# Bounces and complaints then arrive at /anymail/<provider>/tracking/.
EMAIL_PROVIDER = os.environ.get("EMAIL_PROVIDER", "")
if EMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
globals().update(
    (name, value) for name, value in os.environ.items() if name.startswith("ANYMAIL_")
)


# Languages and time

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True


# Static files and media

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Uploads are served by the web server in front; without one, Django serves them.
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Several web servers share their uploads on S3-compatible object storage
# (django-storages) when a bucket is named; boto3 reads AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY from the environment itself.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS = []  # where pages load uploaded images from, besides the site itself
if AWS_STORAGE_BUCKET_NAME:
    endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": endpoint or None,
            # endpoint/bucket/name: one origin to allow in the CSP, whatever the bucket
            "addressing_style": "path" if endpoint else None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": custom_domain or None,
            "location": "media",
            "file_overwrite": False,
            "querystring_auth": False,  # published images need no signed links
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    MEDIA_ORIGINS = [
        f"https://{custom_domain}"
        if custom_domain
        else endpoint.rstrip("/")
        or f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    ]
    SERVE_MEDIA = False


# Rich text (CKEditor 5 in the admin; stored HTML is sanitised by core.richtext)

EDITOR_TOOLBAR = [
    "heading", "|", "bold", "italic", "link", "|",
    "bulletedList", "numberedList", "blockQuote", "|", "undo", "redo",
]  # fmt: skip
EDITOR = {
    "language": "nl",  # loads the Dutch UI; the admin user's language wins
    "toolbar": {"items": EDITOR_TOOLBAR},
    "heading": {
        "options": [
            {
                "model": "paragraph",
                "title": _("Paragraph"),
                "class": "ck-heading_paragraph",
            },
            {
                "model": "heading2",
                "view": "h2",
                "title": _("Heading"),
                "class": "ck-heading_heading2",
            },
            {
                "model": "heading3",
                "view": "h3",
                "title": _("Subheading"),
                "class": "ck-heading_heading3",
            },
        ]
    },
    "link": {"defaultProtocol": "https://"},
}
CKEDITOR_5_CONFIGS = {
    "default": EDITOR,
    "newsletter": EDITOR,
    "blog": {
        **EDITOR,
        "toolbar": {
            "items": [*EDITOR_TOOLBAR[:-3], "uploadImage", "|", "undo", "redo"]
        },
        "image": {"toolbar": ["imageTextAlternative", "toggleImageCaption"]},
    },
}
CKEDITOR_5_USER_LANGUAGE = True
# Uploads go through coachsite's own view: validated, cleaned, with renditions.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editor_image_upload"


# Security

SESSION_COOKIE_HTTPONLY = True
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Production runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    # Off only where the proxy in front redirects to HTTPS itself.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Browser features no page of the site uses are switched off for it and its frames.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Admin logins: five failures from one address lock it out for an hour (django-axes).
# Only failures are recorded, and a successful login clears them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "core.protection.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_VERBOSE = False
# Two-factor login (TOTP, django-otp) is optional per staff member; the code's
# issuer is the name the authenticator app shows.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "coachsite")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]


# Logging: everything to stderr, where systemd's journal (or the terminal) keeps it.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Lockouts are warnings; every single failure need not fill the journal.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
