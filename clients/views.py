from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from clients import services
from clients.forms import SignInForm
from clients.links import SIGN_IN
from core.links import link_invalid
from core.protection import check_rate, keyed_hash, public_form
from payments.models import Invoice
from payments.views import pdf_response


@never_cache
@public_form(rate_limit="CLIENT_SIGN_IN_RATE_LIMIT")
def start(request):
    """ "Mijn afspraken": the client's page once signed in, else the form that
    mails a sign-in link."""
    if email := services.signed_in_email(request):
        return render(request, "clients/overview.html", services.overview(email))
    form = SignInForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        # A few links an hour per address: nobody's inbox is flooded through here.
        check_rate(
            f"CLIENT_LINKS_PER_ADDRESS:{keyed_hash('coachsite.email', email.lower())}",
            rate_limit="CLIENT_LINKS_PER_ADDRESS",
        )
        if not form.spam_reasons:
            services.request_sign_in(email=email, language=get_language())
        return render(request, "clients/sent.html", {"email": email})
    status = 400 if form.is_bound else 200
    return render(request, "clients/start.html", {"form": form}, status=status)


@never_cache
@csrf_exempt  # the signed, single-use link authorises; only a POST signs in
@SIGN_IN.view
def sign_in(request, sign_in, token):
    if request.method == "POST":
        if not services.sign_in(sign_in=sign_in, request=request):
            return link_invalid(request)  # used a moment ago, in another tab
        return redirect("clients:start")
    return render(request, "clients/sign_in.html", {"email": sign_in.email})


@never_cache
@require_POST
def sign_out(request):
    services.sign_out(request, everywhere=request.POST.get("everywhere") == "1")
    messages.success(request, _("You are signed out."))
    return redirect("clients:start")


@never_cache
@require_GET
def invoice(request, number):
    """An invoice of the signed-in client's own; any other number is not found."""
    email = services.signed_in_email(request)
    found = Invoice.objects.filter(buyer_email__iexact=email or None, number=number)
    if not email or not found.exists():
        raise Http404
    return pdf_response(found.select_related("payment").get())
