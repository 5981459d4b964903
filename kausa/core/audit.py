"""The audit trail: every write leaves one entry with a dotted action name.

Entries are append-only (model guards plus database triggers). Besides the writes of the
services, requests record logins, failed logins, permission denials and downloads here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from kausa.core import audit_actions
from kausa.core.audit_guard import AuditTrailImmutable, redaction_active
from kausa.core.audit_registry import action_for
from kausa.core.models import AuditEntry, Office, User
from kausa.core.net import client_address
from kausa.core.request_context import current_client_address

__all__ = [
    "AuditTrailImmutable",
    "audit_log",
    "audit_redaction",
    "login_name_fingerprint",
    "record_download",
    "record_login",
    "record_login_failure",
    "record_logout",
    "record_permission_denied",
]

logger = logging.getLogger("kausa.audit")


def audit_log(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    office: Office | None = None,
    changed_fields: Iterable[str] = (),
    client_address: str | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. Field names only, never values.

    `office` is the office whose data changed (a person's office); for records shared by the
    organisation it defaults to the actor's office. The client address defaults to that of
    the current request (none in the worker and in commands).
    """
    action_for(action, object_type=obj._meta.label_lower)  # refuses unregistered codes
    actor = actor if actor is not None and actor.is_authenticated else None
    office = office or (actor.office if actor is not None else None)
    return _append(
        AuditEntry(
            actor=actor,
            organisation_id=organisation_id_of(obj, office=office, actor=actor),
            office=office,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            changed_fields=sorted(changed_fields),
            client_address=client_address or current_client_address.get(),
        )
    )


def _append(entry: AuditEntry) -> AuditEntry:
    action_for(entry.action, object_type=entry.object_type)
    entry.save(force_insert=True)
    logger.info(
        "%s %s#%s by user#%s", entry.action, entry.object_type, entry.object_id, entry.actor_id
    )
    return entry


def _staff_entry(request: HttpRequest, user: User | None, **fields: Any) -> AuditEntry:
    """An entry about a request of `user` (or of nobody known), filed under their office."""
    return _append(
        AuditEntry(
            organisation_id=user.organisation_id if user is not None else None,
            office_id=user.office_id if user is not None else None,
            client_address=client_address(request),
            **fields,
        )
    )


def record_login(request: HttpRequest, user: User, success: bool) -> AuditEntry:
    """A sign-in of `user` (the password matched) or a failed one for this existing account."""
    return _staff_entry(
        request,
        user,
        actor=user if success else None,
        action=audit_actions.LOGIN_SUCCEEDED if success else audit_actions.LOGIN_FAILED,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
    )


def login_name_fingerprint(username: str) -> str:
    """A keyed hash of a typed login name: repeated attempts on one name are visible in the
    trail without the name itself (which may be a mistyped password) being stored."""
    normalised = username.strip().casefold()
    return salted_hmac("kausa.audit.login-name", normalised, algorithm="sha256").hexdigest()[:32]


def record_login_failure(request: HttpRequest, username: str) -> AuditEntry:
    """A failed sign-in for the typed `username`; neither it nor the password is stored.

    If an account has this name, the entry names the account (by id); otherwise it holds
    only `login_name_fingerprint(username)`.
    """
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None:
        return record_login(request, user, success=False)
    return _staff_entry(
        request,
        None,
        actor=None,
        action=audit_actions.LOGIN_FAILED_UNKNOWN,
        object_type="core.login_name",
        object_id=login_name_fingerprint(username),
    )


def record_logout(request: HttpRequest, user: User) -> AuditEntry:
    return _staff_entry(
        request,
        user,
        actor=user,
        action=audit_actions.LOGOUT,
        object_type=user._meta.label_lower,
        object_id=str(user.pk),
    )


def record_permission_denied(request: HttpRequest) -> AuditEntry | None:
    """A 403 answered to a signed-in user: which route (by name) they were refused.

    Anonymous refusals (e.g. a missing CSRF token) are only logged, so that nobody can fill
    the append-only table from outside.
    """
    match = getattr(request, "resolver_match", None)
    route = (match.view_name if match is not None else "") or "unresolved"
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        logger.warning("core.permission.denied route %s for an anonymous visitor", route)
        return None
    return _staff_entry(
        request,
        user,
        actor=user,
        action=audit_actions.PERMISSION_DENIED,
        object_type="core.route",
        object_id=route[:40],
    )


def record_download(
    request: HttpRequest, *, obj: models.Model, action: str, office: Office | None = None
) -> AuditEntry:
    """Call from every export or download view, e.g. action `counselling.person.exported`."""
    user = request.user if isinstance(request.user, User) else None
    return audit_log(
        actor=user, action=action, obj=obj, office=office, client_address=client_address(request)
    )


@contextmanager
def audit_redaction(*, reason: str, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """The one way to change or delete audit entries: for GDPR pseudonymisation of entries,
    a restore that replaces the database, and `manage.py flush`.

    Opens a transaction (a savepoint inside an outer one) in which the database triggers and
    the model guards let UPDATE and DELETE of audit rows through; the flag is lifted again
    when the block ends, also inside an outer transaction. `reason` is logged: name the
    purpose, never personal data. Example::

        with audit_redaction(reason="erasure request"):
            AuditEntry.objects.filter(object_type="people.person", object_id=str(pk)).update(
                changed_fields=[]
            )
    """
    if redaction_active.get():  # already inside a redaction block: nothing more to enable
        yield
        return
    connection = connections[using]
    with transaction.atomic(using=using):
        logger.warning("audit redaction enabled for one transaction: %s", reason)
        token = redaction_active.set(True)
        try:
            _set_database_flag(connection, on=True)
            yield
            _set_database_flag(connection, on=False)
        finally:
            redaction_active.reset(token)


def _set_database_flag(connection: Any, *, on: bool) -> None:
    """The flag the triggers of migration core 0004 look at, local to the transaction."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT set_config('kausa.audit_redaction', %s, true)", ["on" if on else "off"]
            )
        elif connection.vendor == "sqlite":
            if on:
                cursor.execute(
                    "CREATE TABLE IF NOT EXISTS kausa_audit_redaction (enabled integer NOT NULL)"
                )
                cursor.execute("INSERT INTO kausa_audit_redaction (enabled) VALUES (1)")
            else:
                cursor.execute("DELETE FROM kausa_audit_redaction")


def organisation_id_of(
    obj: models.Model, *, office: Office | None = None, actor: User | None = None
) -> int | None:
    """The organisation a record belongs to, found through its own links first."""
    for path in ("organisation_id", "office.organisation_id", "company.organisation_id"):
        value: Any = obj
        for attribute in path.split("."):
            value = getattr(value, attribute, None)
        if value is not None:
            return int(value)
    if office is not None:
        return office.organisation_id
    return actor.organisation_id if actor is not None else None


# Fields derived from the postal code: a changed code changes them too, and the trail says so.
LOCATION_FIELDS = ("place", "district", "latitude", "longitude")


def field_values(instance: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """A snapshot of some fields, to tell after a change which of them changed."""
    return {name: getattr(instance, name) for name in names}


def changed_since(instance: models.Model, snapshot: dict[str, Any]) -> list[str]:
    """Names of the fields whose value differs from the snapshot (derived ones included)."""
    return [name for name, value in snapshot.items() if getattr(instance, name) != value]
