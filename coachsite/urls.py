from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

import core.views
from blog.sitemaps import CategorySitemap, PostSitemap, TagSitemap
from booking.sitemaps import BookingSitemap
from coachsite import client_privacy, views
from coachsite.models import Page
from coachsite.sitemaps import HomeSitemap, PageSitemap

sitemaps = {
    "home": HomeSitemap,
    "pages": PageSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "booking": BookingSitemap,
}

MOVED_ADMIN_PAGES = [
    ("booking/review", "reviews/review"),
    ("coachsite/siteprofile", "core/siteprofile"),
]

site_patterns = (
    [
        path("", views.home, name="home"),
        path(_("my-sessions/my-data.json"), client_privacy.my_data, name="my_data"),
        path(
            _("my-sessions/erase/"), client_privacy.erase_request, name="erase_request"
        ),
        path(
            _("my-sessions/erase/<str:token>/"),
            client_privacy.erase,
            name="client_erase",
        ),
        path(_("about-me/"), views.fixed_page, {"key": Page.Key.ABOUT}, name="about"),
        path(
            _("privacy/"), views.fixed_page, {"key": Page.Key.PRIVACY}, name="privacy"
        ),
        # Last of all: the coach's other pages live at /<slug>/.
        path("<slug:slug>/", views.page_detail, name="page_detail"),
    ],
    "coachsite",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico on pages without an icon link, such as the admin.
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("editor/images/", core.views.editor_image_upload, name="editor_image_upload"),
    path("betalingen/", include("payments.urls")),
    # Admin pages of models that moved to another app, as linked from older e-mails.
    *[
        re_path(
            rf"^{settings.ADMIN_PATH}{old}/(?P<rest>.*)$",
            RedirectView.as_view(
                url=f"/{settings.ADMIN_PATH}{new}/%(rest)s", query_string=True
            ),
        )
        for old, new in MOVED_ADMIN_PAGES
    ],
    path(settings.ADMIN_PATH, admin.site.urls),
    *i18n_patterns(
        path("blog/", include("blog.urls")),
        path(_("newsletter/"), include("newsletter.urls")),
        path(_("book/"), include("booking.urls")),
        path(_("reviews/"), include("reviews.urls")),
        path(_("my-sessions/"), include("clients.urls")),
        path("", include("prepaid.urls")),
        path("", include(site_patterns)),
        prefix_default_language=False,
    ),
]

handler500 = "coachsite.views.server_error"

if settings.SERVE_MEDIA:
    # For a site with no web server in front; Django's static() helper only
    # serves in DEBUG.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", views.media_file))

# Mail providers' reports (bounces, complaints): only with the shared secret that
# anymail checks (HTTP basic auth; Mailgun and others also sign their posts).
if getattr(settings, "ANYMAIL_WEBHOOK_SECRET", ""):
    urlpatterns.append(path("anymail/", include("anymail.urls")))
