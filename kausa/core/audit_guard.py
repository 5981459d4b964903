"""The Python half of the append-only audit trail (the database triggers are the other half).

Kept apart from `kausa.core.audit` so that the model can import it without a cycle.
"""

from __future__ import annotations

from contextvars import ContextVar

# Set only by `kausa.core.audit.audit_redaction()` for the duration of one transaction.
redaction_active: ContextVar[bool] = ContextVar("kausa_audit_redaction", default=False)


class AuditTrailImmutable(Exception):
    """Audit entries are appended, never changed or deleted."""

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"Audit entries are append-only: {operation} refused. Pseudonymising entries for "
            "an erasure request goes through kausa.core.audit.audit_redaction()."
        )


def refuse_unless_redacting(operation: str) -> None:
    if not redaction_active.get():
        raise AuditTrailImmutable(operation)
