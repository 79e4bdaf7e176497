from django.urls import reverse

from core.addresses import absolute_url
from core.structured_data import person


def blog_posting(post, *, site_profile, comment_count):
    """schema.org BlogPosting for a post page."""
    author_profile = getattr(post.author, "author_profile", None)
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title,
        "description": post.meta_description or post.summary,
        "url": absolute_url(post.get_absolute_url()),
        "mainEntityOfPage": absolute_url(post.get_absolute_url()),
        "inLanguage": post.lang,
        "datePublished": post.published_at.isoformat() if post.published_at else None,
        "dateModified": post.updated_at.isoformat(),
        "author": {
            "@type": "Person",
            "name": author_profile.display_name if author_profile else str(post.author),
            "url": absolute_url(reverse("coachsite:about")),
        },
        "publisher": person(site_profile),
        "wordCount": post.word_count,
        "commentCount": comment_count,
    }
    if image_url := post.share_image_url:
        data["image"] = absolute_url(image_url)
    if keywords := post.keywords:
        data["keywords"] = ", ".join(keywords)
    return data
