import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from booking import services
from booking.forms import (
    NOT_OFFERED,
    BookingForm,
    MoveForm,
    PartnerIntakeForm,
    WaitingListForm,
    parse_instant,
)
from booking.links import CONFIRM, MANAGE, PAY, WAITING, manage_token, pay_url
from booking.models import Booking, CalendarFeed, SessionType
from booking.times import ics
from booking.times.free_times import (
    days_for_visitor,
    is_bookable,
    kept_for_the_minute,
    shown_opening_days,
)
from booking.times.visitor_week import (
    booking_link,
    instant_param,
    time_links,
    week_for,
)
from booking.times.zones import coach_zone, zone_choices, zone_label, zone_or_default
from core.links import link_invalid
from core.protection import (
    check_rate,
    client_ip,
    keyed_hash,
    network_of,
    public_form,
)
from payments.models import Payment
from payments.provider import ProviderUnavailable, checkout_origin
from payments.services import check_quietly
from payments.views import pdf_response

UNAVAILABLE = gettext_lazy(
    "This time is not available (any more). Please choose another."
)


def start(request):
    session_types = SessionType.objects.active()
    return render(request, "booking/start.html", {"session_types": session_types})


def active_type(slug):
    return get_object_or_404(SessionType.objects.active(), slug=slug)


def week_context(
    session_type, link_for, *, zone_name, starting, ignore=None, waiting=False
):
    """A week of free times, each with the link that takes it; with `waiting`,
    full days with the link to their waiting list."""
    week = week_for(session_type, zone_name, starting, ignore=ignore)

    def page(day):
        return f"?{urlencode({'from': day, 'tz': week.zone_name})}" if day else None

    full = set()
    if waiting and not all(day.times for day in week.days):
        today = timezone.localdate()
        full = {
            day
            for day in shown_opening_days(week.days[0].date, week.days[-1].date)
            if day > today
        }
    waiting_url = reverse("booking:waiting_list", args=[session_type.slug])
    return {
        "week": week,
        "days": [
            (
                day.date,
                [(moment, link_for(moment, week.zone_name)) for moment in day.times],
                f"{waiting_url}?{urlencode({'day': day.date})}"
                if not day.times and day.date in full
                else None,
            )
            for day in week.days
        ],
        "zone_label": zone_label(week.zone_name),
        "zone_choices": zone_choices(week.zone_name),
        "previous_url": page(week.previous_day),
        "next_url": page(week.next_day),
        "first_free_url": page(week.first_free and week.first_free.date()),
    }


def week_json(context):
    """The week for the page's script: the same links, the labels made here."""
    week = context["week"]
    return {
        "time_zone": week.zone_name,
        "time_zone_label": context["zone_label"],
        "days": [
            {
                "date": day.isoformat(),
                "label": formats.date_format(day, "l j F"),
                "times": [
                    {
                        "start": instant_param(moment),
                        "label": f"{moment:%H:%M}",
                        "url": url,
                    }
                    for moment, url in times
                ],
                "waiting": waiting,
            }
            for day, times, waiting in context["days"]
        ],
        "previous": context["previous_url"],
        "next": context["next_url"],
        "first_free": context["first_free_url"],
        "first_free_label": week.first_free
        and formats.date_format(week.first_free, "l j F"),
    }


def session_week(request, session_type, **kwargs):
    return {
        "session_type": session_type,
        **week_context(
            session_type,
            booking_link(session_type),
            zone_name=request.GET.get("tz"),
            starting=request.GET.get("from"),
            waiting=True,
            **kwargs,
        ),
    }


@never_cache  # free times change by the minute: the notice moves with the clock
def choose_time(request, slug):
    context = session_week(request, active_type(slug))
    return render(request, "booking/choose_time.html", context)


@never_cache
@require_GET
def free_times_json(request, slug):
    """A week of free times for the page's script, the busiest address of the
    booking pages: its body is made once a minute for each week, zone and language."""
    zone = zone_or_default(request.GET.get("tz")).key
    starting = request.GET.get("from", "")
    if len(starting) > 10:  # no date: the week of the first free time, as for none
        starting = ""

    def week_body(minute):
        session_type = active_type(slug)
        link = booking_link(session_type)
        week = week_context(
            session_type, link, zone_name=zone, starting=starting, waiting=True
        )
        return JsonResponse(week_json(week)).content

    name = f"free-times-json:{slug}:{zone}:{starting}:{get_language()}"
    body = kept_for_the_minute(hashlib.sha256(name.encode()).hexdigest(), week_body)
    return HttpResponse(body, content_type="application/json")


def choose_again(request, session_type, moment, zone_name, *, notice, status):
    """The week around `moment` (or the first week), to choose another time."""
    zone = zone_or_default(zone_name)
    context = {
        "session_type": session_type,
        "notice": notice,
        **week_context(
            session_type,
            booking_link(session_type),
            zone_name=zone.key,
            starting=moment and moment.astimezone(zone).date().isoformat(),
        ),
    }
    return render(request, "booking/choose_time.html", context, status=status)


@never_cache
@public_form(rate_limit="BOOKING_RATE_LIMIT")
def book(request, slug):
    session_type = active_type(slug)
    if request.method != "POST":
        moment = parse_instant(request.GET.get("start"))
        zone_name = zone_or_default(request.GET.get("tz")).key
        if moment is None or not is_bookable(session_type, moment, shown=True):
            return choose_again(
                request, session_type, moment, zone_name, notice=UNAVAILABLE, status=404
            )
        form = BookingForm(
            initial={"start": instant_param(moment), "time_zone": zone_name},
            session_type=session_type,
        )
        return render_booking_form(request, form, moment, zone_name)

    form = BookingForm(request.POST, session_type=session_type)
    valid = form.is_valid()
    moment = form.cleaned_data.get("start")
    zone_name = form.cleaned_data.get("time_zone") or settings.TIME_ZONE
    if moment is None:
        return choose_again(
            request, session_type, None, zone_name, notice=NOT_OFFERED, status=400
        )
    if valid and form.spam_reasons:
        form.add_error(None, _("Please check your details and send the form again."))
    elif valid:
        try:
            if session_type.is_free_of_charge:
                limit_free_bookings(request)
            booking = services.book_session(
                session_type=session_type,
                starts_at=moment,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                place=form.place_chosen,
                intake_answers=form.intake_answers,
                time_zone=zone_name,
                language=get_language(),
                early_start_text=form.cleaned_data["early_start_text"],
                **form.partner,
            )
        except services.SlotTaken as taken:
            return choose_again(
                request, session_type, moment, zone_name, notice=str(taken), status=409
            )
        if booking.payments.exists():
            return start_payment(request, booking, PAY.token(str(booking.uid)))
        return redirect("booking:booked", token=manage_token(booking))
    return render_booking_form(request, form, moment, zone_name, status=400)


def limit_free_bookings(request):
    """A free session costs a spammer nothing: a few a day per address and network."""
    address = client_ip(request)
    message = _(
        "You have booked several free sessions today. Please try again tomorrow, "
        "or write to me."
    )
    for rate_limit, ipv4_prefix, ipv6_prefix in (
        ("BOOKING_FREE_PER_ADDRESS", 32, 64),
        ("BOOKING_FREE_PER_NETWORK", 24, 48),
    ):
        network = network_of(address, ipv4_prefix=ipv4_prefix, ipv6_prefix=ipv6_prefix)
        key = f"{rate_limit}:{keyed_hash('coachsite.ip', network)}"
        check_rate(key, rate_limit=rate_limit, message=message)


def booking_form_context(form, moment, zone):
    """What a booking form's page shows beside the form (here and in prepaid)."""
    return {
        "form": form,
        "session_type": form.session_type,
        "moment": moment,
        "zone_name": zone.key,
        "zone_label": zone_label(zone.key),
        "intake_kept_months": settings.BOOKING_INTAKE_KEPT_MONTHS,
        "pays_online": form.pays_online,
        "asks_early_start": form.asks_early_start(moment),
        "policy": form.session_type.policy(),
        "payment_hold_minutes": settings.BOOKING_PAYMENT_HOLD_MINUTES,
    }


def render_booking_form(request, form, moment, zone_name, status=200):
    zone = zone_or_default(zone_name)
    times = reverse("booking:choose_time", args=[form.session_type.slug])
    query = urlencode({"from": moment.astimezone(zone).date(), "tz": zone.key})
    context = {
        **booking_form_context(form, moment, zone),
        "change_url": f"{times}?{query}",
    }
    response = render(request, "booking/book.html", context, status=status)
    return allow_checkout(response) if form.pays_online else response


def allow_checkout(response):
    """A form whose answer redirects to Mollie's checkout: its page's CSP must
    allow that origin (django-csp's per-response update, as its decorators set)."""
    response._csp_update = {"form-action": [checkout_origin()]}
    return response


# The waiting list of a full day.


@never_cache
@public_form(rate_limit="BOOKING_RATE_LIMIT")
def waiting_list(request, slug):
    session_type = active_type(slug)
    data = request.POST if request.method == "POST" else None
    form = WaitingListForm(
        data, initial={"day": request.GET.get("day")}, session_type=session_type
    )
    if form.is_valid() and not form.spam_reasons:
        try:
            services.join_waiting_list(
                session_type=session_type,
                day=form.cleaned_data["day"],
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                language=get_language(),
            )
        except services.WaitingListFull as full:
            form.add_error(None, str(full))
        else:
            context = {"session_type": session_type, "day": form.cleaned_data["day"]}
            return render(request, "booking/waiting_joined.html", context)
    day = form.cleaned_data.get("day") if form.is_bound else form["day"].value()
    context = {"form": form, "session_type": session_type, "day": day}
    status = 400 if form.is_bound else 200
    return render(request, "booking/waiting_list.html", context, status=status)


@never_cache
@csrf_exempt  # the signed link authorises
@WAITING.view
def waiting(request, entry, token):
    """A time came free on the day the client waits for: its free times, first
    come first served; or off the list."""
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("You are off the waiting list."))
        return redirect("booking:choose_time", slug=entry.session_type.slug)
    session_type = entry.session_type
    day = days_for_visitor(session_type, coach_zone(), entry.day, days=1)[0]
    link_for = booking_link(session_type)
    context = {
        "entry": entry,
        "session_type": session_type,
        "times": [
            (moment, link_for(moment, settings.TIME_ZONE)) for moment in day.times
        ],
    }
    return render(request, "booking/waiting.html", context)


# The client's own booking, through the signed link in their e-mails.


def booking_page(request, booking, token, template, extra=None, status=200):
    context = {
        "booking": booking,
        "token": token,
        "zone_label": zone_label(booking.time_zone),
        "change_notice_hours": settings.BOOKING_CHANGE_NOTICE_HOURS,
        **(extra or {}),
    }
    return render(request, template, context, status=status)


@never_cache
@csrf_exempt  # the signed link authorises; a mail scanner's GET changes nothing
@CONFIRM.view
def confirm(request, booking, token):
    """The link in the mail that asks a client to confirm a held booking."""
    if request.method == "POST" or booking.status == Booking.Status.CONFIRMED:
        try:
            booking = services.confirm_held_booking(booking=booking)
        except (services.SlotTaken, services.ChangeNotAllowed) as refused:
            context = {"booking": booking, "notice": refused}
            return render(request, "booking/confirm.html", context, status=409)
        return redirect("booking:booked", token=manage_token(booking))
    return render(request, "booking/confirm.html", {"booking": booking})


@never_cache
@csrf_exempt  # the signed link authorises; only a POST starts a payment
@PAY.view
def pay(request, booking, token):
    """Where the client pays, and returns from the checkout to: the payment's
    outcome, and while the booking is not paid, a way to (try again to) pay."""
    if request.method == "POST":
        return start_payment(request, booking, token)
    payment = booking.payments.first()
    if payment is not None and not payment.is_settled:
        payment = check_quietly(payment)  # the client may be here before the webhook
        booking.refresh_from_db()
    if booking.status == Booking.Status.CONFIRMED and not booking.awaits_payment:
        return redirect("booking:booked", token=manage_token(booking))
    return render_pay(request, booking, payment)


def start_payment(request, booking, token):
    """To the checkout, unless the booking is paid, taken or Mollie is away."""
    try:
        url = services.checkout_url(booking=booking, redirect_url=pay_url(booking))
    except services.AlreadyPaid:
        return redirect("booking:booked", token=manage_token(booking))
    except (services.SlotTaken, services.ChangeNotAllowed):
        return render_pay(request, booking, None, notice=services.TAKEN, status=409)
    except ProviderUnavailable:
        notice = _(
            "The payment page cannot be reached just now. Your time is kept for "
            "you for a few minutes: please try again in a moment."
        )
        return render_pay(request, booking, None, notice=notice, status=503)
    return redirect(url)


def render_pay(request, booking, payment, *, notice=None, status=200):
    context = {
        "booking": booking,
        "zone_label": zone_label(booking.time_zone),
        "payment": payment,
        "notice": notice,
        "failed": payment is not None and payment.status in Payment.FAILURES,
        "waiting": payment is not None and not payment.is_settled,
        "refunded": payment is not None and payment.refunds.exists(),
        "can_try_again": booking.awaits_payment
        or (
            booking.status in (Booking.Status.HELD, Booking.Status.EXPIRED)
            and is_bookable(booking.session_type, booking.starts_at, ignore=booking)
        ),
    }
    return allow_checkout(render(request, "booking/pay.html", context, status=status))


@never_cache
@MANAGE.view
def booked(request, booking, token):
    return booking_page(request, booking, token, "booking/booked.html")


@never_cache
@MANAGE.view
def manage(request, booking, token):
    return render_manage(request, booking, token)


def render_manage(request, booking, token, *, notice=None, status=200):
    """The booking, and while it can change, the free times to move it to."""
    extra = {"notice": notice}
    if not booking.for_partner:  # the partner sees the session, not the bill
        extra["invoices"] = booking.invoices
    if booking.can_be_moved:
        extra |= week_context(
            booking.session_type,
            time_links(reverse("booking:move", args=[token])),
            zone_name=request.GET.get("tz") or booking.time_zone,
            starting=request.GET.get("from"),
            ignore=booking,
        )
    template = "booking/manage.html"
    return booking_page(request, booking, token, template, extra, status=status)


@never_cache
@csrf_exempt  # the signed link authorises; nothing changes without a POST
@MANAGE.view
def move(request, booking, token):
    form = MoveForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return render_manage(request, booking, token, notice=NOT_OFFERED, status=400)
    moment = form.cleaned_data["start"]
    if request.method == "POST":
        try:
            services.reschedule_booking(booking=booking, starts_at=moment)
        except (services.SlotTaken, services.ChangeNotAllowed) as refused:
            return render_manage(request, booking, token, notice=refused, status=409)
        messages.success(
            request, _("Your appointment has moved. You will get an e-mail.")
        )
        return redirect("booking:manage", token=token)
    if not booking.can_be_moved:
        notice = services.TOO_LATE
    elif not is_bookable(booking.session_type, moment, ignore=booking, shown=True):
        notice = UNAVAILABLE
    else:
        zone = zone_or_default(request.GET.get("tz") or booking.time_zone)
        extra = {
            "start": instant_param(moment),
            "new_moment": moment,
            "new_zone": zone.key,
            "new_zone_label": zone_label(zone.key),
        }
        return booking_page(request, booking, token, "booking/move.html", extra)
    return render_manage(request, booking, token, notice=notice, status=409)


@never_cache
@csrf_exempt
@MANAGE.view
def cancel(request, booking, token):
    return end_by_client(
        request,
        booking,
        token,
        change=services.cancel_booking,
        allowed=booking.can_be_cancelled,
        done=_("Your appointment is cancelled. You will get an e-mail."),
        template="booking/cancel.html",
    )


@never_cache
@csrf_exempt
@MANAGE.view
def withdraw(request, booking, token):
    """The withdrawal function EU law asks of online contracts: within 14 days
    of booking, for the whole price, confirmed by e-mail at once."""
    return end_by_client(
        request,
        booking,
        token,
        change=services.withdraw_booking,
        allowed=booking.can_be_withdrawn and not booking.for_partner,
        done=_("You have withdrawn. A confirmation is on its way by e-mail."),
        template="booking/withdraw.html",
    )


def end_by_client(request, booking, token, *, change, allowed, done, template):
    """Ask (GET), then cancel or withdraw (POST), giving back what is due."""
    # The service checks what the client may do; the partner may not withdraw.
    if request.method == "POST" and (allowed or not booking.for_partner):
        try:
            change(booking=booking)
        except services.ChangeNotAllowed as refused:
            return render_manage(request, booking, token, notice=refused, status=409)
        messages.success(request, done)
        return redirect("booking:manage", token=token)
    if not allowed:
        notice = services.TOO_LATE
        return render_manage(request, booking, token, notice=notice, status=409)
    extra = {
        "refund": booking.refund_on_cancellation(
            in_full=change is services.withdraw_booking
        ),
        "paid": booking.payments.filter(status=Payment.Status.PAID).exists(),
    }
    return booking_page(request, booking, token, template, extra)


@never_cache
@csrf_exempt  # the signed link authorises
@MANAGE.view
def partner_intake(request, booking, token):
    """The partner's own answers to the intake questions: only the coach reads
    them, the client who booked does not."""
    if not booking.for_partner or not booking.session_type.questions:
        return link_invalid(request)
    form = PartnerIntakeForm(request.POST or None, session_type=booking.session_type)
    if form.is_valid():
        services.save_partner_intake(booking=booking, answers=form.intake_answers)
        messages.success(request, _("Thank you. Your answers are sent."))
        return redirect("booking:manage", token=token)
    context = {"form": form, "intake_kept_months": settings.BOOKING_INTAKE_KEPT_MONTHS}
    status = 400 if form.is_bound else 200
    return booking_page(
        request, booking, token, "booking/partner_intake.html", context, status
    )


@never_cache
@require_GET
@MANAGE.view
def invitation(request, booking, token):
    response = HttpResponse(
        ics.invitation(booking), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraak.ics"'
    return response


@never_cache
@require_GET
@MANAGE.view
def invoice(request, booking, token, number):
    return pdf_response(get_object_or_404(booking.invoices, number=number))


@never_cache
@require_GET
def calendar_feed(request, token):
    """The coach's agenda for a calendar app: the secret link is the key."""
    if not CalendarFeed.objects.filter(token=token).exists():
        return HttpResponse(status=404)
    body = ics.coach_feed(Booking.objects.in_agenda().select_related("session_type"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
