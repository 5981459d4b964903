"""What a company user may read: only records of the account's own company (others → 404)."""

from __future__ import annotations

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.http import Http404

from kausa.chains.models import ChainRun, ChainRunStep
from kausa.companies.models import Company
from kausa.vacancies.models import Vacancy, VacancySource, VacancyStatus


def company_places(company: Company) -> QuerySet[Vacancy]:
    """The company's places that are not archived: open ones first, then by start."""
    open_first = Case(When(status=VacancyStatus.OPEN, then=Value(0)), default=Value(1))
    return (
        Vacancy.objects.filter(company=company, archived_at__isnull=True)
        .select_related("occupation", "publication")
        .order_by(open_first, "start_date", "id")
    )


def company_place_get(company: Company, pk: int) -> Vacancy:
    place = company_places(company).filter(pk=pk).first()
    if place is None:
        raise Http404
    return place


def place_is_editable(place: Vacancy) -> bool:
    """The company changes the places it entered itself while they are open; places the
    office entered (or imported) stay with the office."""
    return place.source == VacancySource.PORTAL and place.status == VacancyStatus.OPEN


def company_runs(company: Company) -> QuerySet[ChainRun]:
    return (
        ChainRun.objects.filter(company=company)
        .select_related("template", "office", "office__organisation", "district")
        .prefetch_related(
            Prefetch("run_steps", queryset=ChainRunStep.objects.select_related("step"))
        )
    )


def company_run_get(company: Company, pk: int) -> ChainRun:
    run = company_runs(company).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run
