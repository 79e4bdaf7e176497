"""A client's privacy requests from their own page (clients/): download what the
site holds about them, and erase it after confirming by e-mail. Here, because
only this layer knows every app (coachsite/privacy.py)."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_tasks import task

from clients.services import signed_in_email
from coachsite import privacy
from core.addresses import absolute_reverse
from core.emails import send_templated_email
from core.links import LinkPurpose
from core.tasks import enqueue_on_commit

# Confirms a request to erase everything the site holds about an address.
ERASE = LinkPurpose("client-erase", find=lambda email: email, max_age=24 * 60 * 60)


@task()
def send_erase_confirmation(email, language):
    """The link that confirms an erasure, to the address it would erase."""
    url = absolute_reverse(
        "coachsite:client_erase",
        language=language,
        kwargs={"token": ERASE.token(email)},
    )
    send_templated_email(
        "coachsite/emails/erase", {"url": url}, to=email, language=language
    )


@never_cache
@require_GET
def my_data(request):
    """Everything about the signed-in client, as the coach's export gives it."""
    email = signed_in_email(request)
    if email is None:
        return redirect("clients:start")
    data = privacy.personal_data(email)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@never_cache
@require_POST
def erase_request(request):
    """Erasing is asked here and confirmed from the mailbox: a browser left
    signed in cannot erase someone by itself."""
    email = signed_in_email(request)
    if email is None:
        return redirect("clients:start")
    enqueue_on_commit(send_erase_confirmation, email, get_language())
    messages.success(
        request, _("Almost done: confirm with the link in the e-mail we just sent.")
    )
    return redirect("clients:start")


@never_cache
@csrf_exempt  # the signed link authorises; only a POST erases
@ERASE.view
def erase(request, email, token):
    if request.method == "POST":
        privacy.erase(email)  # which signs them out everywhere
        request.session.flush()
        return render(request, "coachsite/erased.html")
    return render(request, "coachsite/erase.html", {"email": email})
