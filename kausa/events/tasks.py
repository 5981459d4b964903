"""Background work of events: the reminder mail a day or two before an event.

The daily housekeeping (kausa.counselling.tasks.daily_housekeeping, at 06:00) calls
`send_event_reminders`; a run every 24 hours with a 24-hour window reaches every event once.
`event_reminders` is the same as a task of its own, to enqueue by hand.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from kausa.events.models import EventStatus, Registration, RegistrationStatus
from kausa.events.notifications import deliver_reminder

logger = logging.getLogger(__name__)

REMINDER_FROM = datetime.timedelta(hours=24)
REMINDER_UNTIL = datetime.timedelta(hours=48)


def due_reminders(now: datetime.datetime) -> list[int]:
    """Confirmed registrations of events starting 24 to 48 hours from now, not reminded."""
    return list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__status__in=(EventStatus.PUBLISHED, EventStatus.CLOSED),
            event__starts_at__gte=now + REMINDER_FROM,
            event__starts_at__lt=now + REMINDER_UNTIL,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def send_event_reminders(now: datetime.datetime | None = None) -> int:
    """Send each due reminder once: the registration is marked in the same transaction, so
    a second run (or a second worker) skips it and a failed send is tried again next time."""
    now = now or timezone.now()
    sent = 0
    for pk in due_reminders(now):
        try:
            with transaction.atomic():
                claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
                    reminder_sent_at=now
                )
                if claimed:
                    deliver_reminder(pk)
                    sent += 1
        except Exception as error:  # one unreachable mailbox must not stop the others
            logger.warning(
                "event reminder for registration %s failed: %s", pk, type(error).__name__
            )
    logger.info("event reminders sent: %d", sent)
    return sent


@task()
def event_reminders() -> int:
    return send_event_reminders()
