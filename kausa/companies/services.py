"""Writes of companies. Each is one transaction and leaves an audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from kausa.companies.models import Company, CompanyLanguage
from kausa.core.audit import LOCATION_FIELDS, audit_log, changed_since, field_values
from kausa.core.geo import location_for_postal_code
from kausa.core.models import Organisation, User
from kausa.core.search import normalize
from kausa.core.services import contacts_replace

COMPANY_FIELDS = (
    "name",
    "street",
    "postal_code",
    "place",
    "size",
    "sector",
    "migrant_led",
    "training_status",
    "competent_body",
    "email",
    "phone",
    "website",
)


def _apply_fields(company: Company, data: dict[str, Any]) -> None:
    for name in COMPANY_FIELDS:
        if name in data:
            setattr(company, name, data[name])
    location = location_for_postal_code(company.postal_code, company.place)
    company.place = location.place
    company.district = location.district
    company.latitude = location.latitude
    company.longitude = location.longitude
    company.search_text = normalize(company.name)


def _set_languages(company: Company, languages: Sequence[str]) -> bool:
    before = sorted(company.languages.values_list("language", flat=True))
    if before == sorted(languages):
        return False
    company.languages.all().delete()
    CompanyLanguage.objects.bulk_create(
        CompanyLanguage(company=company, language=code) for code in sorted(set(languages))
    )
    return True


@transaction.atomic
def company_create(
    *,
    actor: User | None,
    organisation: Organisation,
    data: dict[str, Any],
    languages: Sequence[str] = (),
    contacts: Sequence[dict[str, str]] = (),
) -> Company:
    company = Company(organisation=organisation)
    _apply_fields(company, data)
    company.full_clean(exclude=["search_text"])
    company.save()
    _set_languages(company, languages)
    contacts_replace(company.contacts, contacts)
    audit_log(actor=actor, action="companies.company.created", obj=company)
    return company


@transaction.atomic
def company_update(
    *,
    actor: User,
    company: Company,
    data: dict[str, Any],
    languages: Sequence[str] | None = None,
    contacts: Sequence[dict[str, str]] | None = None,
) -> Company:
    before = field_values(company, (*COMPANY_FIELDS, *LOCATION_FIELDS))
    _apply_fields(company, data)
    changed = changed_since(company, before)
    company.full_clean(exclude=["search_text"])
    company.save()
    if languages is not None and _set_languages(company, languages):
        changed.append("languages")
    if contacts is not None and contacts_replace(company.contacts, contacts):
        changed.append("contacts")
    if changed:
        audit_log(
            actor=actor, action="companies.company.updated", obj=company, changed_fields=changed
        )
    return company
