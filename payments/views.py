from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import invoices, provider, services
from payments.models import Payment


@csrf_exempt  # Mollie posts only an id; we fetch the payment from Mollie itself
@require_POST
def webhook(request):
    """Mollie's news of a payment. A forged or unknown id changes nothing (and
    gets the same answer, so ids cannot be probed); a repeated one finds its
    outcome applied already."""
    payment = Payment.objects.filter(mollie_id=request.POST.get("id", "")).first()
    if payment is not None:
        try:
            services.check(payment)
        except provider.ProviderUnavailable:
            return HttpResponse(status=503)  # Mollie tries again later
    return HttpResponse()


def pdf_response(invoice):
    """The invoice's PDF, to download (for the client's page and the admin)."""
    response = HttpResponse(invoices.pdf(invoice), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{invoice.file_name}"'
    return response
