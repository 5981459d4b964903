"""Django's `flush`, which also empties the append-only audit table.

Flushing removes every row of the database by intent (tests between transactional test
cases, a development reset), so it runs inside kausa.core.audit.audit_redaction().
"""

from typing import Any

from django.core.management.commands import flush

from kausa.core.audit import audit_redaction


class Command(flush.Command):
    help = flush.Command.help + " The audit trail is emptied too."

    def handle(self, **options: Any) -> None:
        with audit_redaction(reason="manage.py flush", using=options["database"]):
            super().handle(**options)
