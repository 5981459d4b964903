"""Write helpers shared by the domain services."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.geo import district_keys_for, location_for_postal_code


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
    code); list them in `derived_fields` so their changes are reported too. `data` may hold a
    derived field as a choice among the values the derivation allows (the district of a postal
    code that spans several): it is set first and must survive `derived`, else the change is
    refused with a `ValidationError` on that field.
    """
    watched = (*fields, *derived_fields)
    before = {name: _stored_value(instance, name) for name in watched}
    chosen = [n for n in derived_fields if data.get(n) is not None and n not in fields]
    for name in (*fields, *chosen):
        if name in data:
            setattr(instance, name, data[name])
    wanted = {name: _stored_value(instance, name) for name in chosen}
    if derived is not None:
        derived()
    refused = [name for name in chosen if _stored_value(instance, name) != wanted[name]]
    if refused:
        raise ValidationError(dict.fromkeys(refused, DERIVED_CHOICE_REFUSED))
    return [name for name in watched if _stored_value(instance, name) != before[name]]


DERIVED_CHOICE_REFUSED = _("This choice does not fit the postal code.")


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


def locate_by_postal_code(record: Located, district_key: str | None = None) -> None:
    """Place, district and coordinates from the record's postal code (the gazetteer).

    For a code spanning several districts: ``district_key`` chooses one (refused with a
    `ValidationError` if the code does not touch it); without it the record keeps its district
    if the code touches it (an earlier choice), else the entered place or the main one decides.
    """
    if district_key is None:
        current = getattr(record, "district_id", None)
        if current is not None and current in district_keys_for(record.postal_code):
            district_key = current
    location = location_for_postal_code(record.postal_code, record.place, district_key)
    record.place = location.place
    record.district = location.district
    record.latitude = location.latitude
    record.longitude = location.longitude
