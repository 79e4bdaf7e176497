from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from coachsite.protection import ip_hash, within_rate_limit
from coachsite.tokens import DAY, read_token
from coachsite.views import too_many_requests
from newsletter import services
from newsletter.emails import CONFIRM
from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.models import Subscriber
from newsletter.rendering import MANAGE


@csrf_exempt  # a public form: protected by its signed token, honeypot and rate limit
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if request.method == "POST":
        limit, seconds = settings.NEWSLETTER_RATE_LIMIT
        key = f"newsletter:ip:{ip_hash(request)}"
        if not within_rate_limit(key, limit=limit, seconds=seconds):
            return too_many_requests(request, retry_after=seconds)
        if form.is_valid():
            if not form.spam_reasons:  # a bot is thanked too, and nothing happens
                services.subscribe(
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    new_posts=form.cleaned_data["new_posts"],
                    source=form.cleaned_data["source"],
                    language=get_language(),
                )
            return redirect("newsletter:thanks")
    status = 400 if form.is_bound else 200
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def thanks(request):
    return render(request, "newsletter/thanks.html")


def subscriber_from(token, purpose, max_age=None):
    subscriber_id = read_token(purpose, token, max_age=max_age)
    return (
        Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    )


def link_invalid(request):
    return render(request, "link_invalid.html", status=404)


@never_cache
def confirm(request, token):
    max_age = settings.NEWSLETTER_CONFIRM_DAYS * DAY
    subscriber = subscriber_from(token, CONFIRM, max_age=max_age)
    if subscriber is None or subscriber.is_suppressed:
        return link_invalid(request)
    services.confirm(subscriber=subscriber)
    return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})


@never_cache
@csrf_exempt  # the token authorises; mail programs POST here (RFC 8058)
def unsubscribe(request, token):
    subscriber = subscriber_from(token, MANAGE)
    if subscriber is None:
        return link_invalid(request)
    services.unsubscribe(subscriber=subscriber)
    if request.POST.get("List-Unsubscribe") == "One-Click":  # from the mail program
        return HttpResponse(_("You are unsubscribed."), content_type="text/plain")
    return render(
        request,
        "newsletter/unsubscribed.html",
        {"subscriber": subscriber, "token": token},
    )


@never_cache
@csrf_exempt
def undo_unsubscribe(request, token):
    subscriber = subscriber_from(token, MANAGE)
    if subscriber is None or request.method != "POST":
        return link_invalid(request)
    services.undo_unsubscribe(subscriber=subscriber)
    messages.success(request, _("Welcome back: you are subscribed again."))
    return redirect("newsletter:preferences", token=token)


@never_cache
@csrf_exempt
def preferences(request, token):
    subscriber = subscriber_from(token, MANAGE)
    if subscriber is None:
        return link_invalid(request)
    form = PreferencesForm(request.POST or None, instance=subscriber)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        return redirect("newsletter:preferences", token=token)
    return render(
        request,
        "newsletter/preferences.html",
        {"form": form, "subscriber": subscriber, "token": token},
    )
