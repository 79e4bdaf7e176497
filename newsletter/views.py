from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.links import link_invalid
from core.protection import public_form
from newsletter import clicks, services
from newsletter.forms import PreferencesForm, SubscribeForm
from newsletter.links import CONFIRM, MANAGE
from newsletter.models import Subscriber


@public_form(rate_limit="NEWSLETTER_RATE_LIMIT")
def subscribe(request):
    form = SubscribeForm(request.POST or None)
    if form.is_valid():
        if not form.spam_reasons:  # a bot is thanked too, and nothing happens
            services.subscribe(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                new_posts=form.cleaned_data["new_posts"],
                topics=form.cleaned_data["topics"],
                source=form.cleaned_data["source"],
                language=get_language(),
            )
        return redirect("newsletter:thanks")
    status = 400 if form.is_bound else 200
    return render(request, "newsletter/subscribe.html", {"form": form}, status=status)


def thanks(request):
    return render(request, "newsletter/thanks.html")


# Links in e-mails open a page with one button: mail scanners follow every link
# in a message, and must not subscribe or unsubscribe anyone by that.


@never_cache
@csrf_exempt  # the signed link authorises
@CONFIRM.view
def confirm(request, subscriber, token):
    if subscriber.is_suppressed:
        return link_invalid(request)
    if request.method == "POST":
        services.confirm(subscriber=subscriber)
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber})
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber})


@never_cache
@csrf_exempt  # the token authorises; mail programs POST here (RFC 8058)
@MANAGE.view
def unsubscribe(request, subscriber, token):
    if request.method == "POST":
        services.unsubscribe(subscriber=subscriber)
        if request.POST.get("List-Unsubscribe") == "One-Click":  # a mail program
            return HttpResponse(_("You are unsubscribed."), content_type="text/plain")
    context = {"subscriber": subscriber, "token": token}
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return render(request, "newsletter/unsubscribe.html", context)
    return render(request, "newsletter/unsubscribed.html", context)


@never_cache
@csrf_exempt
@MANAGE.view
def undo_unsubscribe(request, subscriber, token):
    if request.method != "POST":
        return link_invalid(request)
    services.undo_unsubscribe(subscriber=subscriber)
    messages.success(request, _("Welcome back: you are subscribed again."))
    return redirect("newsletter:preferences", token=token)


@never_cache
@csrf_exempt
@MANAGE.view
def preferences(request, subscriber, token):
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


@never_cache
def click(request, token):
    """A link in a mailing while clicks are counted: noted, and on to where it
    points. Only links the site signed lead anywhere."""
    url = clicks.destination(request.GET.get("u", ""), request.GET.get("s", ""))
    if url is None:
        return link_invalid(request)
    clicks.record(token)
    return HttpResponseRedirect(url)
