from blog.models import Category, Post, Tag
from core.sitemaps import SiteSitemap


class PostSitemap(SiteSitemap):
    """Each post once, at its address in its own language (a translation is a
    post of its own; the pages link the two with hreflang)."""

    changefreq = "monthly"
    priority = 0.8
    i18n = alternates = x_default = False

    def items(self):
        return Post.objects.published().filter(noindex=False).newest_first()

    def lastmod(self, post):
        return post.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Category.objects.filter(posts__in=Post.objects.published()).distinct()


class TagSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Tag.objects.filter(posts__in=Post.objects.published()).distinct()
