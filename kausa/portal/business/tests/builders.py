"""Records of the company portal's tests: a place the company entered on the portal and a
process chain (for companies) started by the office for it."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from kausa.chains.models import (
    ChainRun,
    ChainRunStep,
    ChainStep,
    ChainTemplate,
    DistrictPartner,
    StepStatus,
    TemplateStatus,
)
from kausa.core.tests.factories import PartnerFactory, VacancyFactory
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.vacancies.models import Vacancy, VacancySource

COMPANY_STEPS = [
    {
        "key": "aptitude",
        "texts": {
            "de": {
                "title": "Ausbildereignung klären",
                "description": "Der Betrieb braucht eine Person mit Ausbildereignung.",
                "documents": ["AEVO-Zeugnis"],
            },
            "ar": {
                "title": "توضيح أهلية المدرب",
                "description": "تحتاج الشركة إلى شخص مؤهل للتدريب.",
                "documents": ["شهادة AEVO"],
            },
        },
        "responsible": "company",
        "partner_type": "",
        "typical_duration_days": 14,
    },
    {
        "key": "chamber",
        "texts": {
            "de": {
                "title": "Vertrag bei der Kammer eintragen",
                "description": "Der Betrieb meldet den Vertrag der Kammer.",
            }
        },
        "responsible": "partner",
        "partner_type": "ihk",
        "typical_duration_days": 21,
    },
]


def portal_place(company: Any, account: Any, **fields: Any) -> Vacancy:
    """An open place the company entered on the portal, waiting for the office."""
    place = VacancyFactory(company=company, source=VacancySource.PORTAL, **fields)
    PlacePublication.objects.create(
        vacancy=place, status=PublicationStatus.PENDING, requested_by=account
    )
    return place


def company_chain(organisation: Any, key: str = "company-chain") -> ChainTemplate:
    template = ChainTemplate.objects.filter(organisation=organisation, key=key).first()
    if template is not None:
        return template
    template = ChainTemplate.objects.create(
        organisation=organisation,
        key=key,
        audience="company",
        status=TemplateStatus.PUBLISHED,
        valid_from=datetime.date(2026, 1, 1),
        texts={
            "de": {"title": "Erstmals ausbilden", "summary": "Die Schritte zum ersten Azubi."},
            "ar": {"title": "التدريب لأول مرة", "summary": "الخطوات نحو أول متدرب."},
        },
    )
    for position, step in enumerate(COMPANY_STEPS, 1):
        ChainStep.objects.create(template=template, position=position, **step)
    return template


def company_run(company: Any, office: Any, counsellor: Any, *, partner: bool = True) -> ChainRun:
    """A company's run of the company chain, as `chain_run_start` leaves it (one partner for
    the chamber step of the company's district)."""
    template = company_chain(company.organisation)
    chamber = None
    if partner:
        chamber = PartnerFactory(
            organisation=company.organisation,
            name="IHK Halle-Dessau",
            partner_type="ihk",
            phone="0345 2126-0",
            email="ausbildung@ihk.example",
        )
        DistrictPartner.objects.get_or_create(
            template=template,
            district=company.district,
            partner_type="ihk",
            defaults={"partner": chamber},
        )
    started = timezone.localdate()
    run = ChainRun.objects.create(
        template=template,
        office=office,
        company=company,
        district=company.district,
        language="de",
        counsellor=counsellor,
        started_on=started,
    )
    due = started
    for step in template.steps.all():
        due = due + datetime.timedelta(days=step.typical_duration_days or 0)
        ChainRunStep.objects.create(
            run=run,
            step=step,
            status=StepStatus.OPEN,
            due_on=due,
            partner=chamber if step.partner_type == "ihk" else None,
        )
    return run
