"""Queue the daily housekeeping (retention, reminders, expired sessions, old login attempts)
unless a run is already waiting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kausa.counselling.tasks import next_run_time, schedule_housekeeping


class Command(BaseCommand):
    help = (
        "Queue the daily housekeeping task (retention, reminders, sign-in clean-up) for the worker."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if schedule_housekeeping():
            self.stdout.write(f"Housekeeping queued for {next_run_time():%Y-%m-%d %H:%M}.")
        else:
            self.stdout.write("Housekeeping is already queued.")
