from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from blog.models import Post
from core.addresses import absolute_reverse, absolute_url
from core.models import SiteProfile
from core.richtext import absolute_links

FEED_LENGTH = 20


class ContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the full text in content:encoded."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class ContentAtomFeed(Atom1Feed):
    """Atom with the full text as HTML content."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class LatestPostsFeed(Feed):
    feed_type = ContentRssFeed
    url_name = "blog:feed"

    def title(self):
        return SiteProfile.get_solo().site_name

    def description(self):
        return SiteProfile.get_solo().tagline

    def link(self):
        return absolute_reverse("blog:post_list")

    def feed_url(self):
        return absolute_reverse(self.url_name)

    def items(self):
        return (
            Post.objects.published()
            .newest_first()
            .select_related("author__author_profile", "image")
            .prefetch_related("categories")[:FEED_LENGTH]
        )

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.summary

    def item_link(self, post):
        return absolute_url(post.get_absolute_url())

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        profile = getattr(post.author, "author_profile", None)
        return profile.display_name if profile else post.author.get_full_name()

    def item_categories(self, post):
        return [category.name for category in post.categories.all()]

    def item_enclosures(self, post):
        """The featured image, about 1200 pixels wide."""
        image = post.image.file if post.image else None
        if not image or not (sized := image.responsive):
            return []
        return [
            Enclosure(
                url=absolute_url(sized.share_src),
                length=str(image.storage.size(sized.share_name)),
                mime_type="image/png"
                if sized.share_name.endswith("png")
                else "image/jpeg",
            )
        ]

    def item_extra_kwargs(self, post):
        content = render_to_string("blog/feed_content.html", {"post": post})
        return {"content": absolute_links(content)}


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = ContentAtomFeed
    url_name = "blog:atom_feed"

    def subtitle(self):
        return self.description()
