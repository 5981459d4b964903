"""Writes of people. Each is one transaction and leaves an audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from kausa.core.audit import LOCATION_FIELDS, audit_log, changed_since, field_values
from kausa.core.geo import location_for_postal_code
from kausa.core.models import Occupation, Office, User
from kausa.core.search import normalize
from kausa.people.models import DesiredOccupation, Person, PersonLanguage, PersonSensitive

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
)


@dataclass(frozen=True)
class LanguageSkill:
    language: str
    level: int


def _apply_fields(person: Person, data: dict[str, Any]) -> None:
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    if person.lives_abroad and not person.postal_code:
        person.place = person.place or ""
        person.district = None
        person.latitude = person.longitude = None
    elif person.postal_code:
        location = location_for_postal_code(person.postal_code, person.place)
        person.place = location.place
        person.district = location.district
        person.latitude = location.latitude
        person.longitude = location.longitude
    person.search_text = normalize(f"{person.first_name} {person.last_name}")


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
    actor: User | None,
    office: Office,
    data: dict[str, Any],
    languages: Sequence[LanguageSkill] = (),
    desired_occupations: Sequence[Occupation] = (),
    sensitive: dict[str, Any] | None = None,
) -> Person:
    person = Person(office=office)
    _apply_fields(person, data)
    person.full_clean(exclude=["search_text"])
    person.save()
    _set_languages(person, languages)
    _set_desired_occupations(person, desired_occupations)
    PersonSensitive.objects.create(person=person, **(sensitive or {}))
    audit_log(actor=actor, action="people.person.created", obj=person, office=office)
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
    before = field_values(person, (*PERSON_FIELDS, *LOCATION_FIELDS))
    _apply_fields(person, data)
    changed = changed_since(person, before)
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
        action="people.person.updated",
        obj=person,
        office=person.office,
        changed_fields=changed,
    )
    return person


@transaction.atomic
def person_sensitive_update(
    *, actor: User, person: Person, data: dict[str, Any]
) -> PersonSensitive:
    sensitive, _created = PersonSensitive.objects.get_or_create(person=person)
    before = field_values(sensitive, SENSITIVE_FIELDS)
    for name in SENSITIVE_FIELDS:
        if name in data:
            setattr(sensitive, name, data[name])
    changed = changed_since(sensitive, before)
    if not changed:
        return sensitive
    sensitive.full_clean()
    sensitive.save()
    audit_log(
        actor=actor,
        action="people.person.sensitive_updated",
        obj=person,
        office=person.office,
        changed_fields=changed,
    )
    return sensitive


@transaction.atomic
def person_set_shared_offices(*, actor: User, person: Person, offices: Sequence[Office]) -> None:
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
        action="people.person.sharing_changed",
        obj=person,
        office=person.office,
        changed_fields=["shared_with_offices"],
    )
