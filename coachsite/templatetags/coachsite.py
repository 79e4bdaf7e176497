from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def absolute_url(url):
    """Prefix SITE_URL to a site-relative URL (media on object storage is absolute)."""
    if not url or "://" in url:
        return url
    return settings.SITE_URL + url


@register.simple_tag(takes_context=True)
def current_if(context, url, *, exact=False):
    """`aria-current="page"` for a navigation link to the current page or section."""
    path = context["request"].path
    if url and (path == url or (not exact and path.startswith(url))):
        return mark_safe('aria-current="page"')
    return ""
