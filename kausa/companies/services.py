"""Writes of companies. Each is one transaction and leaves an audit entry.

Companies are shared by the offices of an organisation: every service checks first that the
actor is a writing member of it (`require_write`), whoever calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from kausa.companies import audit_actions
from kausa.companies.models import Company, CompanyLanguage
from kausa.core.access import WriteDenied, require_write
from kausa.core.audit import LOCATION_FIELDS, audit_log
from kausa.core.models import Organisation, User
from kausa.core.search import normalize
from kausa.core.services import contacts_replace, locate_by_postal_code, model_update

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


def _derive(company: Company) -> None:
    locate_by_postal_code(company)
    company.search_text = normalize(company.name)


def _apply_fields(company: Company, data: dict[str, Any]) -> list[str]:
    return model_update(
        company,
        fields=COMPANY_FIELDS,
        data=data,
        derived=lambda: _derive(company),
        derived_fields=LOCATION_FIELDS,
    )


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
    actor: User,
    organisation: Organisation,
    data: dict[str, Any],
    languages: Sequence[str] = (),
    contacts: Sequence[dict[str, str]] = (),
) -> Company:
    """Register a company for `organisation`; only its writing members may."""
    if not actor.can_write_shared(organisation.pk):
        raise WriteDenied
    company = Company(organisation=organisation)
    _apply_fields(company, data)
    company.full_clean(exclude=["search_text"])
    company.save()
    _set_languages(company, languages)
    contacts_replace(company.contacts, contacts)
    audit_log(actor=actor, action=audit_actions.CREATED, obj=company)
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
    """Change a company of the actor's organisation (`WriteDenied` otherwise)."""
    require_write(actor, company)
    changed = _apply_fields(company, data)
    company.full_clean(exclude=["search_text"])
    company.save()
    if languages is not None and _set_languages(company, languages):
        changed.append("languages")
    if contacts is not None and contacts_replace(company.contacts, contacts):
        changed.append("contacts")
    if changed:
        audit_log(actor=actor, action=audit_actions.UPDATED, obj=company, changed_fields=changed)
    return company
