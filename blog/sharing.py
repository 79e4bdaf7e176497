"""Share links as plain URLs: no third-party script runs on the page."""

from urllib.parse import quote, urlencode

from django.utils.translation import gettext as _

from core.addresses import absolute_url


def share_links(post):
    """[(network, label, url)] for sharing `post`."""
    url = absolute_url(post.get_absolute_url())
    return [
        (
            "facebook",
            "Facebook",
            "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        ),
        (
            "linkedin",
            "LinkedIn",
            "https://www.linkedin.com/sharing/share-offsite/?"
            + urlencode({"url": url}),
        ),
        (
            "whatsapp",
            "WhatsApp",
            "https://wa.me/?" + urlencode({"text": f"{post.title} {url}"}),
        ),
        (
            "x",
            "X",
            "https://x.com/intent/post?" + urlencode({"text": post.title, "url": url}),
        ),
        (
            "email",
            _("E-mail"),
            f"mailto:?subject={quote(post.title)}&body={quote(url)}",
        ),
    ]
