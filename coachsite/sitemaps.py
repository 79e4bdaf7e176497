from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from coachsite.models import Page


class SiteSitemap(Sitemap):
    """Every page in both languages, with absolute URLs built from SITE_URL."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class HomeSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return ["coachsite:home"]

    def location(self, item):
        return reverse(item)


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.order_by("pk")

    def lastmod(self, page):
        return page.updated_at
