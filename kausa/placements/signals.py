"""Raise the market version of an organisation when a row the matching engine reads changes.

Cache invalidation only, no business rule: the market snapshot (``snapshot.py``) compares the
counters with the ones it was built from. The bump is one ``F()`` update inside the writing
transaction, so the new rows and the new counter become visible together. Bulk updates
(``QuerySet.update``, ``bulk_create``) send no signals: code that changes engine fields in bulk
calls :func:`bump_market_version` itself.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save

from kausa.companies.models import Company, CompanyLanguage
from kausa.core.models import Office
from kausa.counselling.models import Consent
from kausa.people.models import DesiredOccupation, Person, PersonLanguage
from kausa.placements.models import MarketVersion
from kausa.vacancies.models import Vacancy

PEOPLE = "people_version"
PLACES = "places_version"


def bump_market_version(organisation_id: int | None, side: str) -> None:
    """Raise one counter (``PEOPLE`` or ``PLACES``) of an organisation; no read first."""
    if organisation_id is None:
        return
    versions = MarketVersion.objects.filter(organisation_id=organisation_id)
    if versions.update(**{side: F(side) + 1}):
        return
    try:
        with transaction.atomic():
            MarketVersion.objects.create(organisation_id=organisation_id)
    except IntegrityError:  # created meanwhile by another transaction
        versions.update(**{side: F(side) + 1})


def _organisation_of_office(office_id: int | None) -> int | None:
    if office_id is None:
        return None
    return Office.objects.filter(pk=office_id).values_list("organisation_id", flat=True).first()


def _organisation_of_person(person_id: int | None) -> int | None:
    if person_id is None:
        return None
    rows = Person.objects.filter(pk=person_id).values_list("office__organisation_id", flat=True)
    return rows.first()


def _organisation_of_company(company_id: int | None) -> int | None:
    if company_id is None:
        return None
    return Company.objects.filter(pk=company_id).values_list("organisation_id", flat=True).first()


def _person_changed(sender: type[Model], instance: Person, **kwargs: Any) -> None:
    bump_market_version(_organisation_of_office(instance.office_id), PEOPLE)


def _person_row_changed(sender: type[Model], instance: Any, **kwargs: Any) -> None:
    """A wish, a language or a consent of a person (gone with the person: the person bumps)."""
    bump_market_version(_organisation_of_person(instance.person_id), PEOPLE)


def _vacancy_changed(sender: type[Model], instance: Vacancy, **kwargs: Any) -> None:
    bump_market_version(_organisation_of_company(instance.company_id), PLACES)


def _company_changed(sender: type[Model], instance: Company, **kwargs: Any) -> None:
    bump_market_version(instance.organisation_id, PLACES)


def _company_language_changed(
    sender: type[Model], instance: CompanyLanguage, **kwargs: Any
) -> None:
    bump_market_version(_organisation_of_company(instance.company_id), PLACES)


RECEIVERS: tuple[tuple[type[Model], Any], ...] = (
    (Person, _person_changed),
    (DesiredOccupation, _person_row_changed),
    (PersonLanguage, _person_row_changed),
    (Consent, _person_row_changed),
    (Vacancy, _vacancy_changed),
    (Company, _company_changed),
    (CompanyLanguage, _company_language_changed),
)


def _unless_raw(receiver: Any) -> Any:
    """Fixtures and restores save rows as they were (``raw``): the counters come with them."""

    def receive(sender: type[Model], instance: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw", False):
            receiver(sender, instance, **kwargs)

    return receive


_CONNECTED: list[Any] = []  # signals hold receivers weakly


def connect() -> None:
    for model, receiver in RECEIVERS:
        uid = f"market-version-{model._meta.label_lower}"
        guarded = _unless_raw(receiver)
        _CONNECTED.append(guarded)
        post_save.connect(guarded, sender=model, dispatch_uid=uid)
        post_delete.connect(guarded, sender=model, dispatch_uid=uid)
