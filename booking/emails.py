"""One function per e-mail about a booking. Intake answers never go into a mail:
they may describe health or relationship problems, and mail is not private."""

from email.mime.text import MIMEText

from django.conf import settings

from booking.links import (
    CONFIRM,
    WAITING,
    manage_url,
    partner_intake_url,
    pay_url,
    withdraw_url,
)
from booking.times import ics
from booking.times.zones import zone_label
from core.addresses import absolute_reverse
from core.emails import coach_addresses, send_templated_email


def invitation_part(booking, *, for_coach=False):
    """The .ics as calendar programs expect it: text/calendar with its METHOD."""
    calendar = ics.invitation(booking, for_coach=for_coach)
    method = "CANCEL" if booking.status == booking.Status.CANCELLED else "REQUEST"
    part = MIMEText(calendar.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="invite.ics")
    return part


def context_for(booking, *, for_coach=False, **extra):
    """`times`: the zones to show the time in, the reader's own first; the other
    side's too when it differs."""
    zones = [booking.time_zone, settings.TIME_ZONE]
    if for_coach:
        zones.reverse()
    return {
        "booking": booking,
        "session_type": booking.session_type,
        "client_zone": booking.time_zone,
        "coach_zone": settings.TIME_ZONE,
        "times": [(zone, zone_label(zone)) for zone in dict.fromkeys(zones)],
        "for_coach": for_coach,
        "change_notice_hours": settings.BOOKING_CHANGE_NOTICE_HOURS,
        "reader_name": booking.name,
        **extra,
    }


def to_client(booking, template, **extra):
    """To the client, and in a couples session to the partner as well."""
    send_templated_email(
        f"booking/emails/{template}",
        context_for(
            booking,
            manage_url=manage_url(booking),
            withdraw_url=withdraw_url(booking),
            pay_url=pay_url(booking) if booking.awaits_payment else "",
            refunded=sum(refund.amount for refund in booking.refunds),
            **extra,
        ),
        to=booking.email,
        language=booking.language,
        attachments=[invitation_part(booking)],
    )
    if booking.partner_email:
        to_partner(booking, PARTNER_TEMPLATES.get(template, template))


# The partner hears of the booking in words of their own; a withdrawal is, to
# them, a cancellation.
PARTNER_TEMPLATES = {"confirmation": "partner_confirmation", "withdrawn": "cancelled"}


def to_partner(booking, template):
    """The partner's own mail: their own link, nothing of the client's payment."""
    answered = booking.partner_consent_at or not booking.session_type.questions
    send_templated_email(
        f"booking/emails/{template}",
        context_for(
            booking,
            reader_name=booking.partner_name or booking.partner_email,
            for_partner=True,
            manage_url=manage_url(booking, partner=True),
            intake_url="" if answered else partner_intake_url(booking),
        ),
        to=booking.partner_email,
        language=booking.language,
        attachments=[invitation_part(booking)],
    )


def to_coach(booking, template, **extra):
    language = settings.LANGUAGE_CODE
    admin_url = absolute_reverse("admin:booking_booking_change", args=[booking.pk])
    context = context_for(booking, admin_url=admin_url, for_coach=True, **extra)
    for address in coach_addresses():
        send_templated_email(
            f"booking/emails/{template}",
            context,
            to=address,
            language=language,
            attachments=[invitation_part(booking, for_coach=True)],
        )


def send_confirmation_request(booking):
    """A held booking: one link to confirm it, valid while the time is held."""
    confirm_url = absolute_reverse(
        "booking:confirm",
        language=booking.language,
        kwargs={"token": CONFIRM.token(str(booking.uid))},
    )
    send_templated_email(
        "booking/emails/confirm_request",
        context_for(
            booking,
            confirm_url=confirm_url,
            hold_minutes=settings.BOOKING_CONFIRM_HOLD_MINUTES,
        ),
        to=booking.email,
        language=booking.language,
    )


def send_confirmation(booking):
    to_client(booking, "confirmation")
    if not booking.booked_by_coach:
        to_coach(booking, "new_booking")


def send_change(booking, change, *, by_coach=False):
    """`change`: "moved", "cancelled" or "withdrawn". Both sides get the updated
    invitation, except the coach when the coach made the change."""
    to_client(booking, change)
    if not by_coach:
        to_coach(
            booking, "coach_cancelled" if change == "withdrawn" else f"coach_{change}"
        )


def send_reminder(booking):
    to_client(booking, "reminder")


def send_late_payment_refunded(booking, refund):
    """The payment came after the time was given to someone else: it went back."""
    context = context_for(
        booking,
        refund=refund,
        choose_url=absolute_reverse(
            "booking:choose_time",
            language=booking.language,
            args=[booking.session_type.slug],
        ),
    )
    send_templated_email(
        "booking/emails/late_payment_refunded",
        context,
        to=booking.email,
        language=booking.language,
    )
    coach_context = {**context_for(booking, for_coach=True), "refund": refund}
    for address in coach_addresses():
        send_templated_email(
            "booking/emails/coach_late_payment_refunded",
            coach_context,
            to=address,
            language=settings.LANGUAGE_CODE,
        )


def send_time_free(entry):
    """A time came free on the day a client waits for: their link to it."""
    url = absolute_reverse(
        "booking:waiting",
        language=entry.language,
        kwargs={"token": WAITING.token(str(entry.key))},
    )
    send_templated_email(
        "booking/emails/time_free",
        {
            "entry": entry,
            "url": url,
            "hours": settings.BOOKING_WAITING_LINK_HOURS,
        },
        to=entry.email,
        language=entry.language,
    )
