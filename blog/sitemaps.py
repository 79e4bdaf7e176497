from blog.models import Category, Post, Tag
from core.sitemaps import SiteSitemap


class PostSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.8

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
