"""A small published chain with a conditional step and a partner step, built like a seed."""

from __future__ import annotations

import datetime

import pytest

from kausa.chains.models import ChainStep, ChainTemplate, TemplateStatus
from kausa.core.tests.factories import PartnerFactory, PersonFactory

STEPS = [
    {
        "key": "contract",
        "title": {"de": "Ausbildungsvertrag schließen", "ar": "إبرام عقد التدريب"},
        "description": {
            "de": "Betrieb und Person unterschreiben den Vertrag.",
            "ar": "يوقع الشركة والشخص على العقد.",
        },
        "documents": {"de": ["Ausbildungsvertrag"]},
        "responsible": "company",
        "typical_duration_days": 7,
    },
    {
        "key": "work-permit",
        "title": {"de": "Beschäftigungserlaubnis beantragen", "ar": "طلب تصريح العمل"},
        "description": {"de": "Die Ausländerbehörde entscheidet über die Erlaubnis."},
        "responsible": "partner",
        "partner_type": "foreigners_office",
        "typical_duration_days": 28,
        "condition": {"residence_status_in": ["tolerated", "asylum_pending"]},
        "legal_basis": "§ 4a AufenthG",
        "source_url": "https://www.gesetze-im-internet.de/aufenthg_2004/__4a.html",
        "last_checked": "2026-11-01",
    },
    {
        "key": "chamber",
        "title": {"de": "Vertrag bei der Kammer eintragen"},
        "description": {"de": "Der Betrieb meldet den Vertrag der Kammer."},
        "responsible": "partner",
        "partner_type": "ihk",
        "typical_duration_days": 14,
    },
]


@pytest.fixture
def chain(organisation):
    from kausa.chains.services.templates import step_from_seed

    template = ChainTemplate.objects.create(
        organisation=organisation,
        key="test-chain",
        audience="person",
        status=TemplateStatus.PUBLISHED,
        valid_from=datetime.date(2026, 1, 1),
        texts={
            "de": {"title": "Testkette", "summary": "Eine kurze Kette."},
            "ar": {"title": "سلسلة الاختبار"},
        },
    )
    ChainStep.objects.bulk_create([step_from_seed(template, i, s) for i, s in enumerate(STEPS, 1)])
    return template


@pytest.fixture
def foreigners_office(organisation):
    return PartnerFactory(
        organisation=organisation,
        name="Ausländerbehörde Magdeburg",
        partner_type="foreigners_office",
        phone="0391 000",
    )


@pytest.fixture
def tolerated_person(office_a):
    return PersonFactory(office=office_a, first_name="Samir", last_name="Haddad")
