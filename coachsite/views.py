import sys
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.static import serve

from blog.models import Category, Post
from booking.models import Review, SessionType
from coachsite.health import run_checks
from coachsite.images import store_image, validate_image
from coachsite.models import Page, SiteProfile
from coachsite.structured_data import professional_service, profile_page
from coachsite.visitors import wants_json


def home(request):
    session_types = list(SessionType.objects.active())
    context = {
        "session_types": session_types,
        "introduction": next((kind for kind in session_types if kind.is_free), None),
        "recent_reviews": Review.objects.published().newest_first()[:2],
        "latest_posts": Post.objects.published().for_cards().newest_first()[:3],
        "featured_categories": Category.objects.filter(is_featured=True).annotate(
            post_count=Count("posts", filter=Q(posts__in=Post.objects.published()))
        ),
        "structured_data": [professional_service(SiteProfile.get_solo())],
    }
    return render(request, "coachsite/home.html", context)


def fixed_page(request, key):
    page = get_object_or_404(Page, key=key)
    context = {"page": page}
    if key == Page.Key.ABOUT:
        context["structured_data"] = [
            profile_page(SiteProfile.get_solo(), request.path)
        ]
    return render(request, "coachsite/page_detail.html", context)


def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    if page.key:
        return redirect(page, permanent=True)
    return render(request, "coachsite/page_detail.html", {"page": page})


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


@require_GET
def robots_txt(request):
    sitemap_url = settings.SITE_URL + reverse("sitemap")
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


@require_POST
def editor_image_upload(request):
    """Store an image dropped into CKEditor 5 (staff only); answer in its JSON shape."""
    if not request.user.is_staff:
        return editor_error(_("Only staff can upload images."), status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return editor_error(_("Choose an image to upload."))
    try:
        validate_image(upload)
    except ValidationError as error:
        return editor_error(error.messages[0])
    stem = slugify(PurePosixPath(upload.name).stem)[:60] or "image"
    name = store_image(
        default_storage, f"editor/{timezone.now():%Y/%m}/{stem}.jpg", upload
    )
    return JsonResponse({"url": default_storage.url(name)})


def editor_error(message, status=400):
    return JsonResponse({"error": {"message": message}}, status=status)


def too_many_requests(request, *, retry_after):
    """A friendly "slow down" for a visitor (or bot) over a rate limit."""
    message = _(
        "You have sent this form many times in a short while. "
        "Please wait a few minutes and try again."
    )
    if wants_json(request):
        response = JsonResponse({"ok": False, "message": message}, status=429)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


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
