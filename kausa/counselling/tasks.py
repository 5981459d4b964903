"""Daily housekeeping in the background worker: retention, next-step reminders, and the
clean-up of expired sessions and old login attempts."""

from __future__ import annotations

import datetime
import logging
from collections import Counter

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.mail import send_mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kausa.core.health import task_waiting
from kausa.core.models import User
from kausa.counselling.models import NextStep
from kausa.counselling.services.data_rights import apply_retention
from kausa.portal.models import ThrottleHit

logger = logging.getLogger(__name__)
HOUSEKEEPING_HOUR = 6


def send_due_reminders(today: datetime.date | None = None) -> int:
    """One email per counsellor with due or overdue steps, at most once a day.

    The email says how many steps are due and links to the task list; it names no person.
    """
    today = today or timezone.localdate()
    due = NextStep.objects.filter(
        done_at__isnull=True, due_on__lte=today, case__closed_at__isnull=True
    ).exclude(reminded_on=today)
    per_owner = Counter(due.values_list("owner_id", flat=True))
    sent = 0
    link = settings.SITE_URL.rstrip("/") + reverse("workbench:tasks")
    owners = User.objects.filter(pk__in=per_owner, is_active=True).exclude(email="")
    for owner in owners.order_by("pk"):
        count = per_owner[owner.pk]
        with translation.override("de"):
            subject = _("KAUSA Hub: %(count)d steps due") % {"count": count}
            body = _(
                "You have %(count)d open steps that are due today or overdue.\n\n"
                "Your task list: %(link)s"
            ) % {"count": count, "link": link}
        with transaction.atomic():
            send_mail(subject, body, None, [owner.email])
            due.filter(owner_id=owner.pk).update(reminded_on=today)
        sent += 1
    logger.info("reminders sent: %d", sent)
    return sent


def clear_sign_in_traces(now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete expired sessions, login attempts older than the cool-off and the portal's
    throttling counters older than a day.

    Sessions can hold saved list filters with typed names; axes' attempts keep the typed
    username in clear. An attempt stops counting towards a lock after LOGIN_COOLOFF_MINUTES
    (see kausa.accounts.throttling), so it is kept no longer. Axes' access logs are switched
    off in the settings; rows from a time they were on go too.
    """
    call_command("clearsessions")
    threshold = (now or timezone.now()) - datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    attempts, _details = AccessAttempt.objects.filter(attempt_time__lt=threshold).delete()
    logs = AccessLog.objects.filter(attempt_time__lt=threshold).delete()[0]
    logs += AccessFailureLog.objects.filter(attempt_time__lt=threshold).delete()[0]
    # The portal's throttling counters (keyed hashes of addresses): no window is a day long.
    day_ago = (now or timezone.now()) - datetime.timedelta(days=1)
    throttle_hits = ThrottleHit.objects.filter(at__lt=day_ago).delete()[0]
    return {"login_attempts": attempts, "access_logs": logs, "throttle_hits": throttle_hits}


def next_run_time(now: datetime.datetime | None = None) -> datetime.datetime:
    local = timezone.localtime(now or timezone.now())
    run = local.replace(hour=HOUSEKEEPING_HOUR, minute=0, second=0, microsecond=0)
    return run if run > local else run + datetime.timedelta(days=1)


def schedule_housekeeping() -> bool:
    """Enqueue the next daily run unless one is already waiting (database queue or Redis)."""
    if task_waiting(daily_housekeeping.module_path):
        return False
    daily_housekeeping.using(run_after=next_run_time()).enqueue()
    return True


@task()
def daily_housekeeping() -> dict[str, int]:
    from kausa.events.tasks import send_event_reminders  # events builds on counselling
    from kausa.placements.services import matching_runs_fail_stalled  # so does placements

    erased = apply_retention()
    reminded = send_due_reminders()
    event_reminders = send_event_reminders()
    cleared = clear_sign_in_traces()
    stalled_runs = matching_runs_fail_stalled()
    logger.info(
        "housekeeping: %d people erased by retention, %d reminders, %d old login attempts",
        erased,
        reminded,
        cleared["login_attempts"],
    )
    schedule_housekeeping()
    return {
        "erased": erased,
        "reminded": reminded,
        "event_reminders": event_reminders,
        "stalled_runs": stalled_runs,
        **cleared,
    }
