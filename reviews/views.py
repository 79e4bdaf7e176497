import contextlib

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from booking import reviews
from booking.forms import ReviewForm
from booking.models import Review
from coachsite.protection import ip_hash, within_rate_limit
from coachsite.views import too_many_requests


def review_list(request):
    published = Review.objects.published().newest_first()
    page = Paginator(published, settings.REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "summary": reviews.rating_summary(),
        "invite_after_hours": settings.REVIEWS_INVITE_AFTER_HOURS,
        "link_days": settings.REVIEWS_LINK_DAYS,
        "has_external": published.filter(verified=False).exists(),
    }
    return render(request, "booking/reviews/list.html", context)


@never_cache
@csrf_exempt  # the signed link authorises, the form token and rate limit protect
def write(request, token):
    booking = reviews.booking_for_link(token)
    if booking is None:
        return render(request, "link_invalid.html", status=404)
    if Review.objects.filter(booking=booking).exists():
        return render(request, "booking/reviews/thanks.html", {"already": True})
    initial = {"display_name": reviews.display_name_for(booking.name)}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST":
        limit, seconds = settings.REVIEWS_RATE_LIMIT
        key = f"reviews:{ip_hash(request)}"
        if not within_rate_limit(key, limit=limit, seconds=seconds):
            return too_many_requests(request, retry_after=seconds)
        if form.is_valid() and form.spam_reasons:
            form.add_error(None, _("Please check your review and send it again."))
        elif form.is_valid():
            # Sent twice (two tabs)? The first counts; both are thanked.
            with contextlib.suppress(reviews.AlreadyReviewed):
                reviews.submit_review(
                    booking=booking,
                    rating=form.cleaned_data["rating"],
                    text=form.cleaned_data["text"],
                    display_name=form.cleaned_data["display_name"],
                    language=get_language(),
                )
            return redirect("reviews:thanks")
    status = 400 if form.is_bound else 200
    context = {"form": form, "booking": booking}
    return render(request, "booking/reviews/write.html", context, status=status)


def thanks(request):
    return render(request, "booking/reviews/thanks.html")
