"""Writes of apprenticeship places. Each is one transaction and leaves an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kausa.companies.models import Company
from kausa.core.audit import LOCATION_FIELDS, audit_log, changed_since, field_values
from kausa.core.geo import location_for_postal_code
from kausa.core.models import User
from kausa.vacancies.models import Vacancy

VACANCY_FIELDS = (
    "occupation",
    "seats",
    "start_date",
    "postal_code",
    "place",
    "required_school_certificate",
    "required_german_level",
    "requires_driving_licence",
    "description",
    "status",
)


def _apply_fields(vacancy: Vacancy, data: dict[str, Any]) -> None:
    for name in VACANCY_FIELDS:
        if name in data:
            setattr(vacancy, name, data[name])
    if not vacancy.postal_code:
        # The workplace is the company's address unless another one is given.
        vacancy.postal_code = vacancy.company.postal_code
        vacancy.place = vacancy.company.place
    location = location_for_postal_code(vacancy.postal_code, vacancy.place)
    vacancy.place = location.place
    vacancy.district = location.district
    vacancy.latitude = location.latitude
    vacancy.longitude = location.longitude


@transaction.atomic
def vacancy_create(*, actor: User | None, company: Company, data: dict[str, Any]) -> Vacancy:
    vacancy = Vacancy(company=company)
    _apply_fields(vacancy, data)
    vacancy.full_clean()
    vacancy.save()
    audit_log(actor=actor, action="vacancies.vacancy.created", obj=vacancy)
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: User, vacancy: Vacancy, data: dict[str, Any]) -> Vacancy:
    before = field_values(vacancy, (*VACANCY_FIELDS, *LOCATION_FIELDS))
    _apply_fields(vacancy, data)
    changed = changed_since(vacancy, before)
    vacancy.full_clean()
    vacancy.save()
    if changed:
        audit_log(
            actor=actor, action="vacancies.vacancy.updated", obj=vacancy, changed_fields=changed
        )
    return vacancy
