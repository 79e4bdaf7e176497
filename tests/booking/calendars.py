"""Reading the invitations in e-mails as a calendar program does."""

from icalendar import Calendar


def invitations(message):
    """(Content-Type parameters, calendar) for each text/calendar part of a message
    from the SMTP server (email.message.Message)."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            found.append(
                (
                    dict(part.get_params()),
                    Calendar.from_ical(part.get_payload(decode=True)),
                )
            )
    return found


def event_of(calendar):
    [event] = calendar.walk("VEVENT")
    return event
