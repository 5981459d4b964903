"""Changes to one's own account. Each leaves an audit entry with field names only."""

from __future__ import annotations

from django.db import transaction

from kausa.accounts import audit_actions
from kausa.core.audit import audit_log
from kausa.core.models import User


@transaction.atomic
def user_password_change(*, user: User, password: str) -> None:
    """Set a new (already validated) password. Other sessions of the user end with it,
    because Django ties each session to the password hash."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(
        actor=user, action=audit_actions.PASSWORD_CHANGED, obj=user, changed_fields=["password"]
    )


@transaction.atomic
def user_email_change(*, user: User, email: str) -> None:
    user.email = email
    user.save(update_fields=["email"])
    audit_log(actor=user, action=audit_actions.EMAIL_CHANGED, obj=user, changed_fields=["email"])
