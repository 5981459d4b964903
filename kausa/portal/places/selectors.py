"""The places the public sees: open, not archived, not started long ago, approved by the
office, of the portal's organisation. Nothing else of a company is read here."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from kausa.portal.places.models import PublicationStatus
from kausa.portal.tenancy import portal_organisation
from kausa.vacancies.models import Vacancy, VacancyStatus


def public_places() -> QuerySet[Vacancy]:
    organisation = portal_organisation()
    if organisation is None:
        return Vacancy.objects.none()
    # A place whose start lies a few weeks back may still take someone (late starts happen).
    earliest_start = timezone.localdate() - datetime.timedelta(days=60)
    return Vacancy.objects.filter(
        company__organisation=organisation,
        status=VacancyStatus.OPEN,
        archived_at__isnull=True,
        company__archived_at__isnull=True,
        start_date__gte=earliest_start,
        publication__status=PublicationStatus.APPROVED,
    )
