"""JSON-LD (schema.org) for search engines, built from the same data as the page."""

from django.conf import settings


def absolute(url):
    return url if "://" in url else settings.SITE_URL + url


def breadcrumb_list(crumbs):
    """BreadcrumbList for [(name, url), ...], from the home page down."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": absolute(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def person(profile):
    """The coach as a schema.org Person."""
    data = {
        "@type": "Person",
        "name": profile.coach_name or profile.site_name,
        "url": settings.SITE_URL + "/",
    }
    if same_as := [url for _network, _label, url in profile.social_links]:
        data["sameAs"] = same_as
    return data
