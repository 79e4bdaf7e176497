"""Click counting, only when the coach switched it on (SiteProfile.count_clicks):
the links in a mailing then pass through this site, which notes the first click
of each reader per mailing and sends them on. Off, links go straight to where
they point. The privacy statement says which of the two is the case."""

import html
import re
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from core.addresses import absolute_reverse
from newsletter.links import delivery_id_in, delivery_token
from newsletter.models import Delivery

# Replaced by each delivery's own token (newsletter.rendering).
PLACEHOLDER = "CLICK-TOKEN-OF-THE-DELIVERY"
LINK = re.compile(r'href="(https?://[^"]+)"')


def signature(url):
    return salted_hmac("newsletter.click-url", url).hexdigest()[:20]


def token(delivery_id):
    """Which delivery a click is of (it counts a click, and opens nothing)."""
    return delivery_token("click", delivery_id)


def counted(body_html, *, language):
    """The HTML with each web link passing through the click address (a
    subscriber's own links are placeholders here, and stay as they are)."""
    click = absolute_reverse(
        "newsletter:click", language=language, kwargs={"token": PLACEHOLDER}
    )

    def through_us(match):
        url = html.unescape(match[1])
        query = urlencode({"u": url, "s": signature(url)})
        return f'href="{html.escape(f"{click}?{query}")}"'

    return LINK.sub(through_us, body_html)


def destination(url, mark):
    """Only links the site wrote lead anywhere: no open redirect."""
    return url if url and constant_time_compare(mark, signature(url)) else None


def record(click_token):
    """The first click of this delivery's reader; later ones change nothing."""
    if delivery_id := delivery_id_in("click", click_token):
        Delivery.objects.filter(pk=delivery_id, clicked_at=None).update(
            clicked_at=timezone.now()
        )
