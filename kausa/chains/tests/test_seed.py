"""The researched templates that ship with the package load completely and cite sources."""

from __future__ import annotations

import json

import pytest

from kausa.chains.models import ChainStep, ChainTemplate, TemplateStatus
from kausa.chains.services import templates as services
from kausa.partners.models import PartnerType
from kausa.people.models import ResidenceStatus

pytestmark = pytest.mark.django_db
SEEDS = sorted(services.SEED_DIR.glob("*.json"))


def test_the_four_researched_templates_ship():
    keys = {json.loads(path.read_text(encoding="utf-8"))["key"] for path in SEEDS}
    assert keys == {
        "refugee-apprentice-company",
        "training-from-abroad",
        "migrant-led-company-becomes-training-company",
        "entry-qualification-into-training",
    }


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_step_is_translated_typed_and_sourced(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["audience"] in {"company", "person"}
    for step in data["steps"]:
        assert step["title"]["de"] and step["description"]["de"], step["key"]
        assert {"en", "ar", "uk"} <= set(step["title"]), step["key"]
        if step["responsible"] == "partner":
            assert step["partner_type"] in PartnerType.values, step["key"]
        for status in (step.get("condition") or {}).get("residence_status_in", []):
            assert status in ResidenceStatus.values, step["key"]
        if step["legal_basis"]:
            assert step["source_url"].startswith("https://"), step["key"]
        assert step["last_checked"], step["key"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_field_fits_its_column(path):
    # SQLite does not enforce a column's length; PostgreSQL refuses the whole seed.
    data = json.loads(path.read_text(encoding="utf-8"))
    for step in data["steps"]:
        for field in ChainStep._meta.concrete_fields:
            value = step.get(field.name)
            if field.max_length and isinstance(value, str):
                assert len(value) <= field.max_length, (step["key"], field.name, len(value))


def test_seeding_is_idempotent_and_publishes(organisation):
    assert services.templates_seed(organisation) == len(SEEDS)
    assert services.templates_seed(organisation) == 0
    templates = ChainTemplate.objects.filter(organisation=organisation)
    assert {t.status for t in templates} == {TemplateStatus.PUBLISHED}
    chain = templates.get(key="refugee-apprentice-company")
    assert chain.steps.count() >= 6 and chain.title("ar") != chain.title("de")
