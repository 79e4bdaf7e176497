from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils.functional import SimpleLazyObject

from core.addresses import absolute_url
from core.forms import small_number
from core.models import SiteProfile


def site(request):
    """The site profile and the URLs every page head needs, evaluated only if used."""
    return {
        "site_profile": SimpleLazyObject(SiteProfile.get_solo),
        "site_url": settings.SITE_URL,
        "default_language": settings.LANGUAGE_CODE,
        "canonical_url": canonical_url(request),
        "language_urls": SimpleLazyObject(lambda: language_urls(request.path)),
    }


def canonical_url(request):
    """This page's address on SITE_URL; of the query only a page number counts."""
    page = small_number(request.GET.get("page"))
    query = f"?page={page}" if page and page > 1 else ""
    return absolute_url(request.path + query)


def language_urls(path):
    """[(language code, name, path of this page in that language)], or []."""
    try:
        resolve(path)
    except Resolver404:
        return []
    return [
        (code, name, translate_url(path, code)) for code, name in settings.LANGUAGES
    ]
