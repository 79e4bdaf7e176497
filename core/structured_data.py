"""JSON-LD (schema.org) for search engines, built from the same data as the page."""

from core.addresses import absolute_url


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
                "item": absolute_url(url),
            }
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def professional_service(profile):
    """The coach's practice, for the home page. Deliberately without a rating:
    search engines ignore reviews a business collects about itself (Google since
    2019), so the rating shows on the site only."""
    data = {
        "@context": "https://schema.org",
        "@type": "ProfessionalService",
        "name": profile.site_name,
        "url": absolute_url("/"),
        "founder": person(profile),
    }
    if profile.tagline:
        data["description"] = profile.tagline
    if profile.photo:
        data["image"] = absolute_url(profile.photo.url)
    if profile.contact_email:
        data["email"] = profile.contact_email
    if profile.phone:
        data["telephone"] = profile.phone
    if same_as := [url for _network, _label, url in profile.social_links]:
        data["sameAs"] = same_as
    return data


def profile_page(profile, url):
    """The about page: a ProfilePage about the coach."""
    coach = person(profile)
    if profile.photo:
        coach["image"] = absolute_url(profile.photo.url)
    if profile.short_bio:
        coach["description"] = profile.short_bio
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": absolute_url(url),
        "mainEntity": coach,
    }


def person(profile):
    """The coach as a schema.org Person."""
    data = {
        "@type": "Person",
        "name": profile.coach_name or profile.site_name,
        "url": absolute_url("/"),
    }
    if same_as := [url for _network, _label, url in profile.social_links]:
        data["sameAs"] = same_as
    return data
