"""Creating and changing offices, with the districts they serve."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.administration import audit_actions
from kausa.administration.services import require_manage
from kausa.core.audit import audit_log
from kausa.core.models import District, Office, Organisation, User

OFFICE_FIELDS = (
    "name",
    "district",
    "email",
    "phone",
    "street",
    "postal_code",
    "place",
    "opening_hours",
)


def _lock_organisation(organisation_id: int) -> None:
    """Serialises changes to one organisation's offices, so two requests cannot give the
    same district to two offices."""
    Organisation.objects.select_for_update().filter(pk=organisation_id).first()


def _check(
    organisation_id: int, data: dict[str, Any], districts: Iterable[District], office_pk: int | None
) -> None:
    others = Office.objects.filter(organisation_id=organisation_id)
    if office_pk is not None:
        others = others.exclude(pk=office_pk)
    errors: dict[str, list[str]] = {}
    if others.filter(name__iexact=data["name"]).exists():
        errors["name"] = [_("Your organisation already has an office with this name.")]
    taken = Office.districts_served.through.objects.filter(
        office__in=others, district__in=list(districts)
    ).select_related("office", "district")
    messages = [
        _(
            "%(district)s is already served by %(office)s. A district can be served by only "
            "one office of the organisation."
        )
        % {"district": link.district.name, "office": link.office.name}
        for link in taken.order_by("district__name")
    ]
    if messages:
        errors["districts_served"] = messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def office_create(*, actor: User, data: dict[str, Any], districts: list[District]) -> Office:
    organisation_id = actor.organisation_pk
    require_manage(actor, organisation_id)
    _lock_organisation(organisation_id)
    _check(organisation_id, data, districts, None)
    office = Office.objects.create(
        organisation_id=organisation_id, **{name: data[name] for name in OFFICE_FIELDS}
    )
    office.districts_served.set(districts)
    audit_log(
        actor=actor,
        action=audit_actions.OFFICE_CREATED,
        obj=office,
        office=office,
        changed_fields=[*OFFICE_FIELDS, "districts_served"],
    )
    return office


@transaction.atomic
def office_update(
    *, actor: User, office: Office, data: dict[str, Any], districts: list[District]
) -> list[str]:
    """Returns the names of the fields that changed (nothing changed: no audit entry)."""
    require_manage(actor, office.organisation_id)
    _lock_organisation(office.organisation_id)
    _check(office.organisation_id, data, districts, office.pk)
    changed = [name for name in OFFICE_FIELDS if getattr(office, name) != data[name]]
    for name in changed:
        setattr(office, name, data[name])
    if changed:
        office.save(update_fields=changed)
    before = set(office.districts_served.values_list("pk", flat=True))
    if before != {district.pk for district in districts}:
        office.districts_served.set(districts)
        changed.append("districts_served")
    if changed:
        audit_log(
            actor=actor,
            action=audit_actions.OFFICE_UPDATED,
            obj=office,
            office=office,
            changed_fields=changed,
        )
    return changed
