"""What the audit page shows for an entry's object and area: words, not codes.

`core` imports no domain app; the models are looked up by name through the app registry.
A person's name is shown only to staff of the person's own office; everyone else reads the
type and number of the object.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps

from kausa.core.models import AuditEntry, User

PERSON_TYPE = "people.person"


def area_label(area: str) -> str:
    """The app's name for the first part of an audit code ("counselling" → "Beratung")."""
    try:
        return str(apps.get_app_config(area).verbose_name)
    except LookupError:
        return area


def type_label(object_type: str) -> str:
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def _visible_person_names(user: User, ids: set[int]) -> dict[str, str]:
    if not ids or user.office_id is None:
        return {}
    person_model = apps.get_model(PERSON_TYPE)
    people = person_model.objects.filter(pk__in=ids, office_id=user.office_id)
    return {str(person.pk): str(person) for person in people}


def label_entries(user: User, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries with `object_label` set: "Person #12", or the person's name if `user`
    works in the person's office."""
    rows = list(entries)
    person_ids = {
        int(entry.object_id)
        for entry in rows
        if entry.object_type == PERSON_TYPE and str(entry.object_id).isdigit()
    }
    names = _visible_person_names(user, person_ids)
    for entry in rows:
        name = names.get(str(entry.object_id)) if entry.object_type == PERSON_TYPE else None
        number = f"{type_label(entry.object_type)} #{entry.object_id}" if entry.object_id else ""
        label = f"{name} ({number})" if name else number or type_label(entry.object_type)
        entry.object_label = label  # type: ignore[attr-defined]
    return rows
