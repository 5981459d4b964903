"""Places for the tests: public (approved) or not, at known points around Halle."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from kausa.core.models import Occupation
from kausa.core.tests.factories import CompanyFactory, VacancyFactory
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.vacancies.models import Vacancy

# (postal code, town, latitude, longitude); distances from 06108 Halle: Leipzig about 32 km,
# Magdeburg about 76 km, Berlin about 150 km.
HALLE = ("06108", "Halle (Saale)", 51.48, 11.97)
LEIPZIG = ("04109", "Leipzig", 51.34, 12.37)
MAGDEBURG = ("39104", "Magdeburg", 52.13, 11.63)
BERLIN = ("10115", "Berlin", 52.53, 13.38)


def place(
    organisation: Any,
    *,
    occupation: str = "koch-koechin",
    where: tuple[str, str, float, float] = HALLE,
    status: str | None = PublicationStatus.APPROVED,
    start_in_days: int = 120,
    company: Any = None,
    **fields: Any,
) -> Vacancy:
    company = company or CompanyFactory(organisation=organisation)
    postal_code, town, latitude, longitude = where
    vacancy = VacancyFactory(
        company=company,
        occupation=Occupation.objects.get(key=occupation),
        postal_code=postal_code,
        place=town,
        latitude=latitude,
        longitude=longitude,
        start_date=timezone.localdate() + datetime.timedelta(days=start_in_days),
        **fields,
    )
    if status is not None:
        PlacePublication.objects.create(vacancy=vacancy, status=status)
    return vacancy
