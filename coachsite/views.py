from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from coachsite.health import run_checks
from coachsite.models import Page


def home(request):
    return render(request, "coachsite/home.html")


def fixed_page(request, key):
    page = get_object_or_404(Page, key=key)
    return render(request, "coachsite/page_detail.html", {"page": page})


def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    if page.key:
        return redirect(page, permanent=True)
    return render(request, "coachsite/page_detail.html", {"page": page})


@require_GET
def robots_txt(request):
    sitemap_url = settings.SITE_URL + reverse("sitemap")
    lines = ["User-agent: *", "Disallow:", f"Sitemap: {sitemap_url}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    healthy, report = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "unhealthy", "checks": report},
        status=200 if healthy else 503,
    )
