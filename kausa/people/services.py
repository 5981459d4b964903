"""Writes of people. Each is one transaction and leaves an audit entry.

Every service checks first that the actor's office owns the person (`require_write`): views
pass objects that went through `person_get_for_user(..., write=True)`, but commands and the
worker reach the services too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kausa.core.access import require_write, require_write_for_office
from kausa.core.audit import LOCATION_FIELDS, audit_log
from kausa.core.models import Occupation, Office, User
from kausa.core.search import normalize
from kausa.core.services import locate_by_postal_code, model_update
from kausa.people import audit_actions
from kausa.people.models import (
    DesiredOccupation,
    Guardian,
    Person,
    PersonLanguage,
    PersonSensitive,
)

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "email",
    "phone",
    "lives_abroad",
    "country_of_residence",
    "postal_code",
    "place",
    "german_level",
    "school_certificate",
    "school_certificate_country",
    "recognition_status",
    "max_commute_km",
    "has_driving_licence",
    "available_from",
)
SENSITIVE_FIELDS = (
    "residence_status",
    "residence_valid_until",
    "has_migration_background",
    "has_refugee_background",
    "gender",
)


@dataclass(frozen=True)
class LanguageSkill:
    language: str
    level: int


def _derive(person: Person) -> None:
    """Location from the postal code (none for someone abroad without one), search column."""
    if person.lives_abroad and not person.postal_code:
        person.district = None
        person.latitude = person.longitude = None
    elif person.postal_code:
        locate_by_postal_code(person)
    person.search_text = normalize(f"{person.first_name} {person.last_name}")


def _apply_fields(person: Person, data: dict[str, Any]) -> list[str]:
    return model_update(
        person,
        fields=PERSON_FIELDS,
        data=data,
        derived=lambda: _derive(person),
        derived_fields=LOCATION_FIELDS,
    )


def _set_languages(person: Person, languages: Sequence[LanguageSkill]) -> None:
    person.languages.all().delete()
    PersonLanguage.objects.bulk_create(
        PersonLanguage(person=person, language=skill.language, level=skill.level)
        for skill in languages
    )


def _set_desired_occupations(person: Person, occupations: Sequence[Occupation]) -> None:
    person.desired_occupations.all().delete()
    DesiredOccupation.objects.bulk_create(
        DesiredOccupation(person=person, occupation=occupation, rank=rank)
        for rank, occupation in enumerate(occupations, start=1)
    )


@transaction.atomic
def person_create(
    *,
    actor: User,
    office: Office,
    data: dict[str, Any],
    languages: Sequence[LanguageSkill] = (),
    desired_occupations: Sequence[Occupation] = (),
    sensitive: dict[str, Any] | None = None,
) -> Person:
    """Register a person in `office`; only a writing member of that office may."""
    require_write_for_office(actor, office.pk)
    person = Person(office=office)
    _apply_fields(person, data)
    person.full_clean(exclude=["search_text"])
    person.save()
    _set_languages(person, languages)
    _set_desired_occupations(person, desired_occupations)
    PersonSensitive.objects.create(person=person, **(sensitive or {}))
    audit_log(actor=actor, action=audit_actions.CREATED, obj=person, office=office)
    return person


@transaction.atomic
def person_update(
    *,
    actor: User,
    person: Person,
    data: dict[str, Any],
    languages: Sequence[LanguageSkill] | None = None,
    desired_occupations: Sequence[Occupation] | None = None,
) -> Person:
    """Change a person the actor's office owns (`WriteDenied` otherwise)."""
    require_write(actor, person)
    changed = _apply_fields(person, data)
    person.full_clean(exclude=["search_text"])
    if changed:
        person.save()
    if languages is not None:
        current = sorted((item.language, item.level) for item in person.languages.all())
        wanted = sorted((skill.language, skill.level) for skill in languages)
        if current != wanted:
            _set_languages(person, languages)
            changed.append("languages")
    if desired_occupations is not None:
        before_ids = list(person.desired_occupations.values_list("occupation_id", flat=True))
        if before_ids != [occupation.pk for occupation in desired_occupations]:
            _set_desired_occupations(person, desired_occupations)
            changed.append("desired_occupations")
    if not changed:
        return person
    audit_log(
        actor=actor,
        action=audit_actions.UPDATED,
        obj=person,
        office=person.office,
        changed_fields=changed,
    )
    return person


@transaction.atomic
def person_sensitive_update(
    *, actor: User, person: Person, data: dict[str, Any]
) -> PersonSensitive:
    """Residence status and background; only the owning office writes (and reads) them."""
    require_write(actor, person)
    sensitive, _created = PersonSensitive.objects.get_or_create(person=person)
    changed = model_update(sensitive, fields=SENSITIVE_FIELDS, data=data)
    if not changed:
        return sensitive
    sensitive.full_clean()
    sensitive.save()
    audit_log(
        actor=actor,
        action=audit_actions.SENSITIVE_UPDATED,
        obj=person,
        office=person.office,
        changed_fields=changed,
    )
    return sensitive


@transaction.atomic
def person_set_shared_offices(*, actor: User, person: Person, offices: Sequence[Office]) -> None:
    """Let other offices of the organisation read the person; the owning office decides."""
    require_write(actor, person)
    allowed = {
        office.pk
        for office in offices
        if office.organisation_id == person.office.organisation_id and office.pk != person.office_id
    }
    if allowed == set(person.shared_with_offices.values_list("pk", flat=True)):
        return
    person.shared_with_offices.set(allowed)
    audit_log(
        actor=actor,
        action=audit_actions.SHARING_CHANGED,
        obj=person,
        office=person.office,
        changed_fields=["shared_with_offices"],
    )


GUARDIAN_FIELDS = ("first_name", "last_name", "relation", "language", "email", "phone")


@transaction.atomic
def guardian_add(*, actor: User, person: Person, data: dict[str, Any]) -> Guardian:
    """A parent or guardian of the person (invited to parents' evenings in their language)."""
    require_write(actor, person)
    guardian = Guardian(person=person)
    model_update(guardian, fields=GUARDIAN_FIELDS, data=data)
    guardian.full_clean()
    guardian.save()
    audit_log(actor=actor, action=audit_actions.GUARDIAN_ADDED, obj=guardian, office=person.office)
    return guardian


@transaction.atomic
def guardian_remove(*, actor: User, guardian: Guardian) -> None:
    """Remove a parent or guardian; their event registrations go with them."""
    require_write(actor, guardian)
    audit_log(
        actor=actor,
        action=audit_actions.GUARDIAN_REMOVED,
        obj=guardian,
        office=guardian.person.office,
    )
    guardian.delete()
