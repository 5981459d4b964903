"""The audit trail: every write leaves one entry with a dotted action name."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import models

from kausa.core.models import AuditEntry, Office, User

logger = logging.getLogger("kausa.audit")


def audit_log(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    office: Office | None = None,
    changed_fields: Iterable[str] = (),
) -> AuditEntry:
    """Record that `actor` did `action` to `obj`. Field names only, never values.

    `office` is the office whose data changed (a person's office); for records shared by the
    organisation it defaults to the actor's office.
    """
    actor = actor if actor is not None and actor.is_authenticated else None
    office = office or (actor.office if actor is not None else None)
    entry = AuditEntry.objects.create(
        actor=actor,
        organisation_id=organisation_id_of(obj, office=office, actor=actor),
        office=office,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changed_fields=sorted(changed_fields),
    )
    logger.info("%s %s#%s by user#%s", action, entry.object_type, entry.object_id, entry.actor_id)
    return entry


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
