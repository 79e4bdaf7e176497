from django import forms
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import admin_view
from core.exports import SafeWriter
from payments import services
from payments.models import Invoice, Payment, Refund
from payments.views import pdf_response


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("amount (EUR)"), max_digits=9, decimal_places=2, min_value=0.01
    )
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, payment, **kwargs):
        super().__init__(*args, **kwargs)
        self.payment = payment
        self.fields["amount"].initial = payment.refundable

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > self.payment.refundable:
            raise forms.ValidationError(
                _("At most € %(amount)s can still be refunded."),
                params={"amount": number_format(self.payment.refundable, 2)},
            )
        return amount


class RefundInline(admin.TabularInline):
    model = Refund
    fields = ["created_at", "amount", "reason", "status", "mollie_id", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """What Mollie says of each payment: read here, changed only through it."""

    list_display = [
        "created_at",
        "description",
        "name",
        "amount",
        "status",
        "method",
        "amount_refunded",
    ]
    list_filter = ["status", "method", "created_at"]
    search_fields = ["description", "name", "email", "mollie_id"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Payment._meta.fields]
    exclude = ["idempotency_key"]
    inlines = [RefundInline]

    def get_urls(self):
        return [
            path(
                "<int:pk>/refund/",
                admin_view(self, self.refund_view, "payments.refund_payment"),
                name="payments_payment_refund",
            ),
            *super().get_urls(),
        ]

    def refund_view(self, request, pk):
        """The coach gives back all or part of a payment, whatever the policy."""
        payment = get_object_or_404(Payment, pk=pk, status=Payment.Status.PAID)
        form = RefundForm(request.POST or None, payment=payment)
        if request.method == "POST" and form.is_valid():
            services.refund(payment=payment, **form.cleaned_data)
            self.message_user(request, _("The refund is on its way through Mollie."))
            return redirect("admin:payments_payment_change", payment.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "payment": payment,
            "title": _("Refund"),
        }
        return render(request, "admin/payments/payment/refund.html", context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    """Issued invoices and credit notes: never changed, kept seven years. The
    bookkeeper's export takes the period filtered on (month, quarter, year)."""

    list_display = [
        "number",
        "kind",
        "issued_on",
        "buyer_name",
        "description",
        "amount_excluding_vat",
        "vat_amount",
        "total",
        "pdf_link",
    ]
    list_filter = ["kind", "issued_on"]
    date_hierarchy = "issued_on"
    search_fields = ["number", "buyer_name", "buyer_email", "description"]
    readonly_fields = [
        *(field.name for field in Invoice._meta.fields if field.name != "id"),
        "pdf_link",
    ]
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/pdf/",
                admin_view(self, self.pdf_view, "payments.view_invoice"),
                name="payments_invoice_pdf",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("PDF"))
    def pdf_link(self, invoice):
        url = reverse("admin:payments_invoice_pdf", args=[invoice.pk])
        return format_html('<a href="{}">{}</a>', url, invoice.file_name)

    def pdf_view(self, request, pk):
        invoice = get_object_or_404(Invoice.objects.select_related("payment"), pk=pk)
        return pdf_response(invoice)

    @admin.action(
        description=_("Export selected for the bookkeeper (CSV)"), permissions=["view"]
    )
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="invoices.csv"'
        writer = SafeWriter(response)
        writer.writerow(
            ["number", "kind", "date", "client", "description", "excluding_vat",
             "vat_rate", "vat", "total", "vat_note", "method", "mollie_id",
             "paid_at"]
        )  # fmt: skip
        rows = queryset.select_related("payment").order_by("year", "sequence")
        for invoice in rows.iterator():
            payment = invoice.payment
            writer.writerow(
                [invoice.number, invoice.kind, invoice.issued_on.isoformat(),
                 invoice.buyer_name, invoice.description,
                 invoice.amount_excluding_vat, invoice.vat_rate, invoice.vat_amount,
                 invoice.total, invoice.vat_note, payment.method, payment.mollie_id,
                 payment.paid_at.isoformat() if payment.paid_at else ""]
            )  # fmt: skip
        return response
