import contextlib

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.protection import public_form
from core.versions import shows
from reviews import services
from reviews.forms import ReviewForm
from reviews.links import WRITE
from reviews.models import Review, display_name_for
from reviews.summary import rating_summary


@shows("site", "reviews")
def review_list(request):
    published = Review.objects.published().newest_first()
    page = Paginator(published, settings.REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "summary": rating_summary(),
        "invite_after_hours": settings.REVIEWS_INVITE_AFTER_HOURS,
        "link_days": settings.REVIEWS_LINK_DAYS,
        # A method: called only if the page's fragment is not kept (list.html).
        "has_external": published.filter(verified=False).exists,
    }
    return render(request, "reviews/list.html", context)


@never_cache
@WRITE.view  # the signed link authorises, the form's guard protects
@public_form(rate_limit="REVIEWS_RATE_LIMIT")
def write(request, booking, token):
    if Review.objects.filter(booking=booking).exists():
        return render(request, "reviews/thanks.html", {"already": True})
    initial = {"display_name": display_name_for(booking.name)}
    form = ReviewForm(request.POST or None, initial=initial)
    if form.is_valid() and form.spam_reasons:
        form.add_error(None, _("Please check your review and send it again."))
    elif form.is_valid():
        # Sent twice (two tabs)? The first counts; both are thanked.
        with contextlib.suppress(services.AlreadyReviewed):
            services.submit_review(
                booking=booking,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                display_name=form.cleaned_data["display_name"],
                language=get_language(),
            )
        return redirect("reviews:thanks")
    status = 400 if form.is_bound else 200
    context = {"form": form, "booking": booking}
    return render(request, "reviews/write.html", context, status=status)


def thanks(request):
    return render(request, "reviews/thanks.html")
