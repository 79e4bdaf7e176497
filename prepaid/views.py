from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from booking import services as booking_services
from booking.forms import parse_instant
from booking.links import manage_token, pay_url
from booking.models import SessionType
from booking.times.free_times import is_bookable
from booking.times.visitor_week import instant_param, time_links
from booking.times.zones import zone_or_default
from booking.views import (
    UNAVAILABLE,
    allow_checkout,
    booking_form_context,
    week_context,
)
from core.protection import public_form
from payments.models import Payment
from payments.provider import ProviderUnavailable
from payments.services import check_quietly
from prepaid import services, vouchers
from prepaid.forms import CardForm, PrepaidBookingForm, RedeemForm, VoucherForm
from prepaid.links import CARD, REDEEM, VOUCHER, card_token, voucher_token
from prepaid.models import GiftVoucher, Package, SessionCard

PROVIDER_AWAY = _(
    "The payment page cannot be reached just now. Please try again in a moment."
)


def cards(request):
    packages = Package.objects.active().prefetch_related("session_types")
    return render(request, "prepaid/cards.html", {"packages": packages})


# Buying


@never_cache
@public_form(rate_limit="PREPAID_RATE_LIMIT")
def buy_card(request, slug):
    package = get_object_or_404(Package.objects.active(), slug=slug)
    form = CardForm(request.POST or None)
    if form.is_valid() and not form.spam_reasons:
        card = services.order_card(
            package=package,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            language=get_language(),
            early_start=True,
        )
        return to_checkout(request, card, "prepaid:card", card_token(card))
    if form.is_valid():  # a bot: the same page, nothing ordered
        form.add_error(None, _("Please check your details and send the form again."))
    context = {"form": form, "package": package}
    status = 400 if form.is_bound else 200
    return allow_checkout(
        render(request, "prepaid/buy_card.html", context, status=status)
    )


@never_cache
@public_form(rate_limit="PREPAID_RATE_LIMIT")
def buy_voucher(request):
    form = VoucherForm(request.POST or None)
    if form.is_valid() and not form.spam_reasons:
        voucher = services.order_voucher(language=get_language(), **form.voucher())
        return to_checkout(request, voucher, "prepaid:voucher", voucher_token(voucher))
    if form.is_valid():
        form.add_error(None, _("Please check your details and send the form again."))
    status = 400 if form.is_bound else 200
    response = render(
        request, "prepaid/buy_voucher.html", {"form": form}, status=status
    )
    return allow_checkout(response)


def to_checkout(request, thing, page, token):
    """To Mollie; back on the card's or voucher's own page."""
    back = request.build_absolute_uri(reverse(page, kwargs={"token": token}))
    try:
        return redirect(services.checkout_url(thing, redirect_url=back))
    except ProviderUnavailable:
        messages.error(request, PROVIDER_AWAY)
        return redirect(page, token=token)


def payment_context(thing):
    """How the payment of a card or voucher not yet paid stands."""
    payment = thing.payments.first()
    if thing.status == thing.Status.NEW and payment and not payment.is_settled:
        payment = check_quietly(payment)  # back from the checkout before the webhook
        thing.refresh_from_db()
    return {
        "payment": payment,
        "failed": payment is not None and payment.status in Payment.FAILURES,
        "waiting": payment is not None and not payment.is_settled,
    }


# A bought card


@never_cache
@csrf_exempt  # the signed link authorises; a POST only starts a payment
@CARD.view
def card(request, card, token):
    if request.method == "POST" and card.status == SessionCard.Status.NEW:
        return to_checkout(request, card, "prepaid:card", token)
    context = {
        "card": card,
        "token": token,
        "session_types": card.package.session_types.active(),
        "bookings": card.bookings_to_come().select_related("session_type"),
        "entries": card.entries.select_related("booking__session_type"),
        **payment_context(card),
    }
    return allow_checkout(render(request, "prepaid/card.html", context))


@never_cache
@csrf_exempt
@CARD.view
def withdraw_card(request, card, token):
    if request.method == "POST":
        withdraw(request, services.withdraw_card, card=card)
        return redirect("prepaid:card", token=token)
    context = {"card": card, "token": token, "refund": card.withdrawal_refund()}
    return render(request, "prepaid/withdraw_card.html", context)


@never_cache
@csrf_exempt  # the signed link authorises; the booking form has its own token
@public_form(rate_limit="BOOKING_RATE_LIMIT")
@CARD.view
def plan_with_card(request, card, token, slug):
    session_type = get_object_or_404(card.package.session_types.active(), slug=slug)

    def book(**details):
        return services.book_with_card(card=card, **details)

    initial = {"name": card.name, "email": card.email}
    usable = card.usable_for(session_type)
    return plan(request, session_type, book, initial, usable=usable, advance=card)


# A bought voucher: the buyer's page


@never_cache
@csrf_exempt
@VOUCHER.view
def voucher(request, voucher, token):
    if request.method == "POST" and voucher.status == GiftVoucher.Status.NEW:
        return to_checkout(request, voucher, "prepaid:voucher", token)
    context = {"voucher": voucher, "token": token, **payment_context(voucher)}
    return allow_checkout(render(request, "prepaid/voucher.html", context))


@never_cache
@require_GET
@VOUCHER.view
def voucher_pdf(request, voucher, token):
    if voucher.status == GiftVoucher.Status.NEW:
        return redirect("prepaid:voucher", token=token)
    response = HttpResponse(vouchers.pdf(voucher), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{vouchers.FILE_NAME}"'
    return response


@never_cache
@csrf_exempt
@VOUCHER.view
def withdraw_voucher(request, voucher, token):
    if request.method == "POST":
        withdraw(request, services.withdraw_voucher, voucher=voucher)
    return redirect("prepaid:voucher", token=token)


def withdraw(request, service, **thing):
    """Withdraw from a card or voucher, and say what comes back (or why not)."""
    try:
        refund = service(**thing)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("You have withdrawn. € %(amount)s comes back to your account.")
            % {"amount": refund},
        )


# Redeeming a voucher


@never_cache
@public_form(rate_limit="PREPAID_RATE_LIMIT")
def redeem(request):
    """Where a voucher's code is entered, to book with it."""
    form = RedeemForm(request.POST or None)
    if form.is_valid() and not form.spam_reasons:
        voucher = services.find_voucher(form.cleaned_data["code"])
        if voucher is not None:
            return redirect("prepaid:redeem_with", token=REDEEM.token(str(voucher.key)))
        form.add_error("code", _("No voucher has this code. Please check it."))
    status = 400 if form.is_bound else 200
    return render(request, "prepaid/redeem.html", {"form": form}, status=status)


@never_cache
@REDEEM.view
def redeem_with(request, voucher, token):
    session_types = SessionType.objects.active().exclude(price=0)
    context = {"voucher": voucher, "token": token, "session_types": session_types}
    return render(request, "prepaid/redeem_with.html", context)


@never_cache
@csrf_exempt
@public_form(rate_limit="BOOKING_RATE_LIMIT")
@REDEEM.view
def plan_with_voucher(request, voucher, token, slug):
    session_type = get_object_or_404(SessionType.objects.active(), slug=slug)

    def book(**details):
        return services.book_with_voucher(voucher=voucher, **details)

    usable = voucher.is_usable and session_type.price > 0
    return plan(request, session_type, book, {}, usable=usable, advance=voucher)


def plan(request, session_type, book, initial, *, usable, advance):
    """Book `session_type` paid with a card or voucher: the week of free times,
    then (with ?start=) the booking form; `book(**details)` books it."""
    context = {"session_type": session_type, "advance": advance}
    if not usable:
        return render(request, "prepaid/plan.html", context, status=409)
    covered = advance.covers(session_type.price)
    form_kwargs = {
        "session_type": session_type,
        "amount_due": session_type.price - covered,
    }
    if request.method == "POST":
        form = PrepaidBookingForm(request.POST, **form_kwargs)
        valid = form.is_valid()
        moment = form.cleaned_data.get("start")
        zone = zone_or_default(form.cleaned_data.get("time_zone"))
    else:
        valid = False
        moment = parse_instant(request.GET.get("start"))
        zone = zone_or_default(request.GET.get("tz"))
        if moment is None or not is_bookable(session_type, moment, shown=True):
            week = week_context(
                session_type,
                time_links(request.path),
                zone_name=zone.key,
                starting=request.GET.get("from"),
            )
            notice = UNAVAILABLE if "start" in request.GET else None
            context |= {**week, "notice": notice}
            return render(request, "prepaid/plan.html", context)
        initial = {**initial, "start": instant_param(moment), "time_zone": zone.key}
        form = PrepaidBookingForm(initial=initial, **form_kwargs)
    status = 400 if form.is_bound else 200
    if valid and form.spam_reasons:
        form.add_error(None, _("Please check your details and send the form again."))
    elif valid:
        try:
            details = form.booking_details(zone.key)
            return after_booking(book(session_type=session_type, **details))
        except services.Refused as refused:
            form.add_error(None, str(refused))
            status = 409  # used up meanwhile, by another booking
        except booking_services.SlotTaken as taken:
            messages.error(request, str(taken))
            return redirect(request.path)
    context |= {
        **booking_form_context(form, moment, zone),
        "covered": covered,
        "amount_due": form.amount_due,
        "change_url": request.path,
    }
    response = render(request, "prepaid/book.html", context, status=status)
    return allow_checkout(response) if form.pays_online else response


def after_booking(booking):
    """Booked: to the booking's page, or to pay what the voucher left."""
    if not booking.amount_due or not booking.payments.exists():
        return redirect("booking:booked", token=manage_token(booking))
    try:
        url = booking_services.checkout_url(
            booking=booking, redirect_url=pay_url(booking)
        )
    except (ProviderUnavailable, booking_services.SlotTaken):
        url = pay_url(booking)
    return redirect(url)
