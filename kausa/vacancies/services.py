"""Writes of apprenticeship places. Each is one transaction and leaves an audit entry.

A place belongs to its company, which the offices of an organisation share: every service
checks first that the actor is a writing member of it (`require_write`), whoever calls.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from kausa.companies.models import Company
from kausa.core.access import require_write
from kausa.core.audit import LOCATION_FIELDS, audit_log
from kausa.core.models import User
from kausa.core.services import locate_by_postal_code, model_update
from kausa.vacancies import audit_actions
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


def _derive(vacancy: Vacancy) -> None:
    if not vacancy.postal_code:
        # The workplace is the company's address unless another one is given.
        vacancy.postal_code = vacancy.company.postal_code
        vacancy.place = vacancy.company.place
        vacancy.district = vacancy.company.district
    locate_by_postal_code(vacancy)


def _apply_fields(vacancy: Vacancy, data: dict[str, Any]) -> list[str]:
    return model_update(
        vacancy,
        fields=VACANCY_FIELDS,
        data=data,
        derived=lambda: _derive(vacancy),
        derived_fields=LOCATION_FIELDS,
    )


@transaction.atomic
def vacancy_create(*, actor: User, company: Company, data: dict[str, Any]) -> Vacancy:
    """Offer a place at `company`; only writing members of the company's organisation may."""
    require_write(actor, company)
    vacancy = Vacancy(company=company)
    _apply_fields(vacancy, data)
    vacancy.full_clean()
    vacancy.save()
    audit_log(actor=actor, action=audit_actions.CREATED, obj=vacancy)
    return vacancy


@transaction.atomic
def vacancy_update(*, actor: User, vacancy: Vacancy, data: dict[str, Any]) -> Vacancy:
    """Change a place of the actor's organisation (`WriteDenied` otherwise)."""
    require_write(actor, vacancy)
    changed = _apply_fields(vacancy, data)
    vacancy.full_clean()
    vacancy.save()
    if changed:
        audit_log(actor=actor, action=audit_actions.UPDATED, obj=vacancy, changed_fields=changed)
    return vacancy
