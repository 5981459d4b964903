"""Erase people past the retention period now (the daily housekeeping does this too)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kausa.counselling.services.data_rights import apply_retention


class Command(BaseCommand):
    help = "Erase people whose last case closed more than RETENTION_MONTHS ago."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = apply_retention()
        self.stdout.write(
            f"{erased} people erased (retention period {settings.RETENTION_MONTHS} months)."
        )
