from django.urls import reverse

from coachsite.models import Page
from core.sitemaps import SiteSitemap


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
