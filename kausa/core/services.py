"""Write helpers shared by the domain services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from django.db import models

from kausa.core.geo import location_for_postal_code


def contacts_replace(manager: models.Manager[Any], contacts: Sequence[dict[str, str]]) -> bool:
    """Make a record's contact persons equal to `contacts`; tells whether anything changed."""
    fields = ("name", "role", "email", "phone")
    before = [tuple(row) for row in manager.order_by("id").values_list(*fields)]
    after = [tuple(contact.get(name, "") for name in fields) for contact in contacts]
    if before == after:
        return False
    manager.all().delete()
    for contact in contacts:
        manager.create(**{name: contact.get(name, "") for name in fields})
    return True


def model_update(
    instance: models.Model,
    *,
    fields: Sequence[str],
    data: dict[str, Any],
    derived: Callable[[], None] | None = None,
    derived_fields: Sequence[str] = (),
) -> list[str]:
    """Set those of `fields` that `data` holds, recompute derived values, and return the names
    of the fields whose value changed (for the audit entry). Nothing is saved here.

    `derived` recomputes values that follow from others (e.g. the location from the postal
    code); list them in `derived_fields` so their changes are reported too.
    """
    watched = (*fields, *derived_fields)
    before = {name: _stored_value(instance, name) for name in watched}
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])
    if derived is not None:
        derived()
    return [name for name in watched if _stored_value(instance, name) != before[name]]


def _stored_value(instance: models.Model, name: str) -> Any:
    """The column value: a foreign key's id, so an unset required relation of a new record
    compares instead of raising."""
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname if isinstance(field, models.Field) else name)


class Located(Protocol):
    """A record with an address; coordinates may be optional (people abroad) or required."""

    postal_code: str
    place: str
    district: Any

    @property
    def latitude(self) -> float | None: ...
    @latitude.setter
    def latitude(self, value: float) -> None: ...
    @property
    def longitude(self) -> float | None: ...
    @longitude.setter
    def longitude(self, value: float) -> None: ...


def locate_by_postal_code(record: Located) -> None:
    """Place, district and coordinates from the record's postal code (the gazetteer)."""
    location = location_for_postal_code(record.postal_code, record.place)
    record.place = location.place
    record.district = location.district
    record.latitude = location.latitude
    record.longitude = location.longitude
