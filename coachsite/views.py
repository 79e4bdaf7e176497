import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from blog.models import Category, Post
from booking.models import SessionType
from coachsite.health import run_checks
from coachsite.models import Page
from core.addresses import absolute_reverse
from core.models import SiteProfile
from core.structured_data import professional_service, profile_page
from core.versions import shows
from reviews.models import Review


@shows("site", "blog", "comments", "reviews")  # no free times: not "agenda"
def home(request):
    # Lazy: read only where a fragment of the page is not kept (home.html).
    session_types = SessionType.objects.active()
    context = {
        "session_types": session_types,
        "introduction": SimpleLazyObject(
            lambda: next(
                (kind for kind in session_types if kind.is_free_of_charge), None
            )
        ),
        "recent_reviews": Review.objects.published().newest_first()[:2],
        "latest_posts": Post.objects.published()
        .one_version_for(translation.get_language())
        .for_cards()
        .newest_first()[:3],
        "featured_categories": Category.objects.filter(is_featured=True).annotate(
            post_count=Count("posts", filter=Q(posts__in=Post.objects.published()))
        ),
        "structured_data": SimpleLazyObject(
            lambda: [professional_service(SiteProfile.get_solo())]
        ),
    }
    return render(request, "coachsite/home.html", context)


@shows("site", "reviews")
def fixed_page(request, key):
    page = get_object_or_404(Page, key=key)
    context = {"page": page}
    if key == Page.Key.ABOUT:
        context["structured_data"] = [
            profile_page(SiteProfile.get_solo(), request.path)
        ]
    return render(request, "coachsite/page_detail.html", context)


@shows("site", "reviews")
def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    if page.key:
        return redirect(page, permanent=True)
    return render(request, "coachsite/page_detail.html", {"page": page})


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def robots_txt(request):
    sitemap_url = absolute_reverse("sitemap")
    lines = ["User-agent: *"]
    # Search results are endless variations of pages that are indexed anyway.
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lines.append(f"Disallow: {reverse('blog:search')}")
    lines.append(f"Sitemap: {sitemap_url}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    healthy, report = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": report},
        status=200 if healthy else 503,
    )


def server_error(request):
    """Django's 500 page; but a database that cannot be reached (or is locked, or
    chose this transaction to break a deadlock) is a passing outage: 503, with a
    page that says to try again. Django calls this inside its `except` block."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = defaults.server_error(request, template_name="503.html")
        response.status_code = 503
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
    return defaults.server_error(request)


def media_file(request, path):
    """An uploaded file, by Django's own file view (with Last-Modified); MEDIA_ROOT
    is read per request, so that a changed setting (as in tests) takes effect."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
