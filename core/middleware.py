from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.middleware import locale
from django.utils import translation
from django.utils.cache import add_never_cache_headers, has_vary_header

from core.visitors import has_personal_cookie


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware without `Vary: Accept-Language`.

    Dutch lives at the root and English under /en/, so the URL alone decides the
    language (Django ignores Accept-Language for unprefixed paths when the default
    language has no prefix); the header would only split shared caches.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PrivateResponseMiddleware:
    """Keep shared caches away from responses meant for one visitor.

    Anonymous pages are cacheable as a whole. A visitor who carries a session or a
    message cookie, or a response that sets a cookie or depends on one, is personal:
    it gets an uncached response. Sits above SessionMiddleware so that it sees the
    cookies and Vary headers the session and messages add on the way out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.is_personal(request, response):
            add_never_cache_headers(response)
        return response

    def is_personal(self, request, response):
        return (
            bool(response.cookies)
            or has_vary_header(response, "Cookie")
            or has_personal_cookie(request)
        )


class PermissionsPolicyMiddleware:
    """Send settings.PERMISSIONS_POLICY, which Django has no setting of its own for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class CanonicalPageNumberMiddleware:
    """Send odd spellings of a page number (?page=01, ?page=1, ?page=%202) to its
    one spelling, so that a page has one address for people, search engines and
    the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spellings = request.GET.getlist("page")
        if spellings and request.method in ("GET", "HEAD"):
            page = canonical_page(spellings[-1])
            if spellings != [page]:
                query = request.GET.copy()
                query.pop("page")
                if page:
                    query["page"] = page
                address = request.path + (f"?{query.urlencode()}" if query else "")
                return HttpResponsePermanentRedirect(address)
        return self.get_response(request)


def canonical_page(value):
    """ "7" for " 07", "" for the first page; what is no number at all stays as it
    is (the page answers it, and the page cache does not keep it)."""
    number = value.strip()
    if not (number.isascii() and number.isdigit()):
        return value
    return str(int(number)) if int(number) > 1 else ""
