from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from prepaid import services
from prepaid.models import CreditEntry, GiftVoucher, Package, SessionCard, VoucherEntry


@admin.register(Package)
class PackageAdmin(admin.ModelAdmin):
    list_display = ["name", "sessions", "price", "valid_months", "is_active"]
    list_editable = ["is_active"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "description",
        ("sessions", "price"),
        "valid_months",
        "session_types",
        "is_active",
        "position",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LedgerInline(admin.TabularInline):
    """Every change of the balance, as it happened: read only."""

    fields = ["created_at", "kind", "change", "booking"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CreditInline(LedgerInline):
    model = CreditEntry


class VoucherEntryInline(LedgerInline):
    model = VoucherEntry


class RefundAction:
    """The admin's refund: what is unused goes back to the buyer's account."""

    def has_refund_permission(self, request):
        return request.user.has_perm("payments.refund_payment")

    def refund_each(self, request, queryset, refund):
        done = 0
        for thing in queryset:
            try:
                refund(thing)
            except services.Refused as refused:
                self.message_user(request, f"{thing}: {refused}", messages.WARNING)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d refunded.", "%(count)d refunded.", done)
            % {"count": done},
        )


@admin.register(SessionCard)
class SessionCardAdmin(RefundAction, admin.ModelAdmin):
    """Each client's cards, with the balance and every change to it."""

    list_display = ["name", "email", "package", "balance", "valid_until", "status"]
    list_filter = ["status", "package"]
    search_fields = ["name", "email"]
    date_hierarchy = "created_at"
    inlines = [CreditInline]
    actions = ["refund"]
    fields = [
        ("name", "email"),
        "package",
        ("sessions", "price"),
        ("balance", "valid_until"),
        "status",
        ("created_at", "paid_at", "withdrawn_at"),
        "early_start_requested_at",
    ]
    # The date can be moved (a client was ill for months); the rest is history.
    readonly_fields = [
        name
        for line in fields
        for name in (line if isinstance(line, tuple) else (line,))
        if name != "valid_until"
    ]

    def get_fields(self, request, obj=None):
        if obj is None:  # the coach issues a card (paid in cash, or a gift)
            return ["package", "name", "email"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        services.give_card(card=obj)
        self.message_user(request, _("The card is active; its link is on its way."))

    @admin.action(
        description=_("Refund the unused credits (pro rata)"), permissions=["refund"]
    )
    def refund(self, request, queryset):
        self.refund_each(
            request,
            queryset,
            lambda card: services.withdraw_card(card=card, by_coach=True),
        )


class GiftVoucherForm(forms.ModelForm):
    class Meta:
        model = GiftVoucher
        fields = [
            "description",
            "amount",
            "recipient_name",
            "recipient_email",
            "message",
            "send_on",
        ]


@admin.register(GiftVoucher)
class GiftVoucherAdmin(RefundAction, admin.ModelAdmin):
    list_display = [
        "display_code",
        "description",
        "buyer_name",
        "recipient_name",
        "amount",
        "balance",
        "valid_until",
        "status",
    ]
    list_filter = ["status"]
    search_fields = ["code", "buyer_name", "buyer_email", "recipient_name"]
    date_hierarchy = "created_at"
    inlines = [VoucherEntryInline]
    actions = ["refund"]
    readonly_fields = [
        "display_code",
        "description",
        "amount",
        "balance",
        "status",
        "buyer_name",
        "buyer_email",
        "recipient_name",
        "recipient_email",
        "message",
        "send_on",
        "recipient_sent_at",
        "created_at",
        "paid_at",
        "withdrawn_at",
    ]

    @admin.display(description=_("code"))
    def display_code(self, voucher):
        return voucher.display_code

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:  # the coach gives a voucher away
            kwargs["form"] = GiftVoucherForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return GiftVoucherForm.Meta.fields
        return [*self.readonly_fields[:3], "valid_until", *self.readonly_fields[3:]]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else []

    def get_inlines(self, request, obj):
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        name = request.user.get_full_name() or request.user.get_username()
        services.give_voucher(
            voucher=obj, buyer_name=name, buyer_email=request.user.email or ""
        )

    @admin.action(description=_("Refund what is left"), permissions=["refund"])
    def refund(self, request, queryset):
        self.refund_each(
            request,
            queryset,
            lambda voucher: services.withdraw_voucher(voucher=voucher, by_coach=True),
        )
