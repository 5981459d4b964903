"""Restore a backup written by `backup` (see kausa.core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from kausa.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Load a backup into a migrated, empty database (same code release as the backup), "
        "then verify row counts and checksums per table. --force replaces existing data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a non-empty database (audit trail included)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tables = restore_backup(
                options["file"], using=options["database"], force=options["force"]
            )
        except BackupError as error:
            raise CommandError(f"restore refused: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {sum(t.rows for t in tables.values())} records in {len(tables)} "
                "tables; row counts and checksums match the backup"
            )
        )
