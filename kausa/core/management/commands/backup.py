"""Write a portable backup of the database (see kausa.core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS

from kausa.core.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write a portable backup (gzip-compressed JSON Lines with a manifest of row counts and "
        "checksums) that `restore` loads into SQLite or PostgreSQL. The file holds personal "
        "data: it is created readable by its owner only; store it encrypted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="e.g. kausa.jsonl.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = write_backup(options["output"], using=options["database"])
        tables = manifest["tables"]
        for label, digest in tables.items():
            self.stdout.write(f"{label}: {digest['rows']} rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {options['output']}: {manifest['records']} records in "
                f"{len(tables)} tables, checksum {manifest['records_sha256'][:16]}"
            )
        )
