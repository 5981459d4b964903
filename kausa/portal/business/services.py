"""Writes of the company portal. A company user is no staff member, so these services act with
`actor=None`: the caller has checked that the record belongs to the account's company
(selectors). Each write is one transaction with an audit entry; a new or changed place goes
to the office for approval before the public sees it (kausa.portal.places.services)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.companies.models import Company, CompanyContact, CompanyLanguage
from kausa.core.audit import LOCATION_FIELDS, audit_log
from kausa.core.services import locate_by_postal_code, model_update
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.business import audit_actions
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.portal.places.services import publication_request, publication_withdraw
from kausa.vacancies.models import Vacancy, VacancySource, VacancyStatus

PLACE_FIELDS = (
    "occupation",
    "seats",
    "start_date",
    "postal_code",
    "place",
    "required_school_certificate",
    "required_german_level",
    "requires_driving_licence",
    "description",
)
CLOSED_STATUSES = (VacancyStatus.FILLED, VacancyStatus.WITHDRAWN)
PROFILE_FIELDS = ("training_status",)
CONTACT_FIELDS = ("name", "role", "email", "phone")


def _company_of(account: PortalAccount) -> Company:
    if account.company is None:
        raise ValidationError(_("The office has not confirmed your company yet."))
    return account.company


def _apply_place_fields(vacancy: Vacancy, data: dict[str, Any]) -> list[str]:
    def derive() -> None:
        if not vacancy.postal_code:  # the workplace is the company's address
            vacancy.postal_code = vacancy.company.postal_code
            vacancy.place = vacancy.company.place
            vacancy.district = vacancy.company.district
        locate_by_postal_code(vacancy)  # district and coordinates from the gazetteer

    return model_update(
        vacancy, fields=PLACE_FIELDS, data=data, derived=derive, derived_fields=LOCATION_FIELDS
    )


@transaction.atomic
def place_create(*, account: PortalAccount, data: dict[str, Any]) -> Vacancy:
    """A new place of the account's company, waiting for the office's approval."""
    company = _company_of(account)
    vacancy = Vacancy(company=company, source=VacancySource.PORTAL, status=VacancyStatus.OPEN)
    _apply_place_fields(vacancy, data)
    vacancy.full_clean()
    vacancy.save()  # the market version follows by signal (kausa.placements.signals)
    audit_log(actor=None, action=audit_actions.PLACE_CREATED, obj=vacancy)
    publication_request(vacancy=vacancy, account=account)
    return vacancy


@transaction.atomic
def place_update(*, account: PortalAccount, vacancy: Vacancy, data: dict[str, Any]) -> list[str]:
    """Change an open place the company entered; a change goes back to the office for
    approval (also when the place was on the portal already). Returns the changed fields."""
    company = _company_of(account)
    if vacancy.company_id != company.pk or vacancy.source != VacancySource.PORTAL:
        raise ValidationError(_("Your office manages this place. Please ask them to change it."))
    if vacancy.status != VacancyStatus.OPEN or vacancy.archived_at is not None:
        raise ValidationError(_("This place is closed. You cannot change it any more."))
    changed = _apply_place_fields(vacancy, data)
    if not changed:
        return []
    vacancy.full_clean()
    vacancy.save()
    audit_log(actor=None, action=audit_actions.PLACE_CHANGED, obj=vacancy, changed_fields=changed)
    publication_request(vacancy=vacancy, account=account)
    return changed


@transaction.atomic
def place_close(*, account: PortalAccount, vacancy: Vacancy, status: str) -> Vacancy:
    """The place is filled or no longer offered: it leaves the portal at once."""
    company = _company_of(account)
    if vacancy.company_id != company.pk or vacancy.source != VacancySource.PORTAL:
        raise ValidationError(_("Your office manages this place. Please ask them to close it."))
    if status not in CLOSED_STATUSES:
        raise ValidationError(_("Please choose why you close the place."))
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("This place is closed already."))
    vacancy.status = status
    vacancy.save(update_fields=["status", "updated_at"])
    audit_log(actor=None, action=audit_actions.PLACE_CLOSED, obj=vacancy, changed_fields=["status"])
    publication = PlacePublication.objects.filter(vacancy=vacancy).first()
    if publication is not None and publication.status != PublicationStatus.WITHDRAWN:
        publication_withdraw(actor=None, publication=publication)
    return vacancy


def _set_languages(company: Company, languages: Sequence[str]) -> bool:
    before = set(company.languages.values_list("language", flat=True))
    wanted = set(languages)
    if before == wanted:
        return False
    # Row by row, so the market version follows by signal (bulk writes send none).
    for row in company.languages.exclude(language__in=wanted):
        row.delete()
    for code in sorted(wanted - before):
        CompanyLanguage.objects.create(company=company, language=code)
    return True


def _set_contact(company: Company, contact: dict[str, str]) -> bool:
    """The first contact person is the one the company keeps up to date on the portal;
    further contacts the office entered stay as they are."""
    first = company.contacts.order_by("id").first()
    values = {name: (contact.get(name) or "").strip() for name in CONTACT_FIELDS}
    if first is None:
        if not values["name"]:
            return False
        CompanyContact.objects.create(company=company, **values)
        return True
    if all(getattr(first, name) == value for name, value in values.items()):
        return False
    if not values["name"]:
        raise ValidationError({"contact_name": _("Please enter the name of the contact person.")})
    for name, value in values.items():
        setattr(first, name, value)
    first.full_clean(exclude=["company"])
    first.save()
    return True


@transaction.atomic
def profile_update(
    *,
    account: PortalAccount,
    data: dict[str, Any],
    languages: Sequence[str],
    contact: dict[str, str],
) -> list[str]:
    """The company's own profile: training status, languages spoken, contact person."""
    company = _company_of(account)
    changed = model_update(company, fields=PROFILE_FIELDS, data=data)
    if changed:
        company.full_clean(exclude=["search_text"])
        company.save()
    if _set_languages(company, languages):
        changed.append("languages")
    if _set_contact(company, contact):
        changed.append("contacts")
    if changed:
        audit_log(
            actor=None, action=audit_actions.PROFILE_CHANGED, obj=company, changed_fields=changed
        )
    return changed
