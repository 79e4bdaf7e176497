"""A reminder a day before: planned at booking, never for a cancelled or moved
session, never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from booking import services
from booking.models import Booking
from booking.tasks import send_reminder
from tests.booking.factories import at, next_weekday
from tests.booking.visitors import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(client, session_type, worker):
    book(client, session_type, at(next_weekday(2), 10), capture=worker.capture)
    worker.run()  # the confirmations
    mail.outbox.clear()
    return Booking.objects.get()


def reminders():
    return [message for message in mail.outbox if "Herinnering" in message.subject]


def test_the_reminder_waits_in_the_queue_until_a_day_before(booking, worker):
    [task] = worker.queued("send_reminder")

    assert task.run_after == booking.starts_at - timedelta(hours=24)
    assert worker.run(at=booking.starts_at - timedelta(hours=25)) == 0
    assert worker.run(at=booking.starts_at - timedelta(hours=24)) == 1
    [message] = reminders()
    assert message.to == ["anouk@example.com"]
    assert booking.meeting_url in message.body
    booking.refresh_from_db()
    assert booking.reminder_sent_at is not None


def test_the_hours_before_are_a_setting(client, session_type, worker, settings):
    settings.BOOKING_REMINDER_HOURS = 3
    book(client, session_type, at(next_weekday(2), 10), capture=worker.capture)

    [task] = worker.queued("send_reminder")

    assert task.run_after == Booking.objects.get().starts_at - timedelta(hours=3)


def test_never_twice(booking, worker):
    [task] = worker.queued("send_reminder")
    arguments = task.args_kwargs["args"]

    worker.run(at=booking.starts_at)
    send_reminder.call(*arguments)  # a repeated task, as after a worker restart

    assert len(reminders()) == 1


def test_never_for_a_cancelled_session(booking, worker):
    with worker.capture(execute=True):
        services.cancel_booking(booking=booking)
    mail.outbox.clear()

    worker.run(at=booking.starts_at)

    assert reminders() == []


def test_a_moved_session_is_reminded_once_at_its_new_time(booking, worker):
    new_start = booking.starts_at + timedelta(days=2)
    with worker.capture(execute=True):
        services.reschedule_booking(booking=booking, starts_at=new_start)
    worker.run()  # the mails about the move
    mail.outbox.clear()

    assert worker.run(at=booking.starts_at) == 1  # the old reminder: does nothing
    assert reminders() == []
    assert worker.run(at=new_start - timedelta(hours=24)) == 1
    [message] = reminders()
    assert message.to == ["anouk@example.com"]


def test_a_session_booked_at_short_notice_gets_no_separate_reminder(
    session_type, worker
):
    session_type.minimum_notice_hours = 0
    session_type.save()
    soon = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(
        hours=3
    )
    with worker.capture(execute=True):
        services.book_session(
            session_type=session_type,
            starts_at=soon,
            name="A",
            email="a@example.com",
            by_coach=True,
        )

    assert not worker.queued("send_reminder").exists()
    assert worker.queued("send_confirmation").exists()
