"""Re-encrypt every EncryptedTextField column with the current key (the first of
FIELD_ENCRYPTION_KEYS). Idempotent: values already under the current key are skipped."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from kausa.core.crypto import DecryptionError
from kausa.core.encrypted_columns import encrypted_fields, reencrypt_column


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted text columns with the current key. Rotation: put the new "
        "key first in FIELD_ENCRYPTION_KEYS, run this command, then remove the old key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args: Any, **options: Any) -> None:
        rotated = current = 0
        for model, field in encrypted_fields():
            try:
                count = reencrypt_column(model, field.name, using=options["database"])
            except DecryptionError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(
                f"{count.label}: {count.rotated} re-encrypted, "
                f"{count.already_current} already current"
            )
            rotated += count.rotated
            current += count.already_current
        self.stdout.write(f"total: {rotated} re-encrypted, {current} already current")
