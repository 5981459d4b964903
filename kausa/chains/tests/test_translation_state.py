"""Translations record the German text they were made from: a German change marks them
outdated until they are saved again; new versions and the seed loader keep the states."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.chains.models import ChainTemplate
from kausa.chains.selectors import template_language_states, translation_state
from kausa.chains.services import templates as template_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(team_lead, chain):
    return template_services.chain_template_new_version(actor=team_lead, template=chain)


def _step_post(step, **changes):
    """The step form as the edit page sends it back, with `changes` on top."""
    data = {"key": step.key, "responsible": step.responsible}
    for code, texts in step.texts.items():
        data[f"title_{code}"] = texts.get("title", "")
        data[f"description_{code}"] = texts.get("description", "")
        data[f"documents_{code}"] = "\n".join(texts.get("documents", []))
    return {**data, **changes}


def test_shipped_translations_are_complete_and_absent_ones_missing(chain):
    contract = chain.steps.get(key="contract")
    contract.texts["ar"]["documents"] = ["عقد التدريب"]
    contract.save()
    states = translation_state(contract)
    assert states["ar"] == "complete"
    assert {states[code] for code in ("en", "uk", "ru", "tr", "fa")} == {"missing"}
    # A translation without the German description counts as missing, not complete.
    assert translation_state(chain.steps.get(key="work-permit"))["ar"] == "missing"
    assert "de" not in states


def test_editing_the_german_step_marks_translations_outdated_and_saving_clears_it(
    client, team_lead, draft
):
    client.force_login(team_lead)
    step = draft.steps.get(key="contract")
    url = reverse("chains:step_edit", args=[draft.pk, step.pk])
    data = _step_post(step, documents_ar="عقد التدريب", title_tr="Sözleşme imzalamak")
    data["description_tr"] = "İşletme ve kişi sözleşmeyi imzalar."
    data["documents_tr"] = "Eğitim sözleşmesi"
    assert client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert translation_state(step)["ar"] == "complete"
    assert translation_state(step)["tr"] == "complete"

    # The German description changes; the Arabic and Turkish texts are sent back unchanged.
    data["description_de"] = "Betrieb und Person unterschreiben den Vertrag vor Beginn."
    assert client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert step.description() == data["description_de"]
    assert translation_state(step)["ar"] == "outdated"
    assert translation_state(step)["tr"] == "outdated"

    # Saving the Arabic text again (changed) clears it; Turkish stays outdated.
    data["description_ar"] = "يوقع الشركة والشخص على العقد قبل البدء."
    assert client.post(url, data).status_code == 302
    step.refresh_from_db()
    assert translation_state(step)["ar"] == "complete"
    assert translation_state(step)["tr"] == "outdated"

    # Confirming an unchanged translation clears it too.
    assert client.post(url, {**data, "confirmed_languages": ["tr"]}).status_code == 302
    step.refresh_from_db()
    assert translation_state(step)["tr"] == "complete"


def test_a_translation_saved_before_digests_existed_turns_outdated_on_a_german_change(
    team_lead, draft
):
    step = draft.steps.get(key="contract")
    legacy = {code: dict(texts) for code, texts in step.texts.items()}
    legacy["ar"].pop("source")
    legacy["ar"]["documents"] = ["عقد التدريب"]
    step.texts = legacy
    step.save()
    assert translation_state(step)["ar"] == "complete"
    texts = {code: {k: v for k, v in t.items() if k != "source"} for code, t in legacy.items()}
    texts["de"] = {**texts["de"], "title": "Ausbildungsvertrag unterschreiben"}
    template_services.chain_step_save(
        actor=team_lead,
        template=draft,
        step=step,
        key=step.key,
        data={"texts": texts, "responsible": step.responsible},
    )
    step.refresh_from_db()
    assert translation_state(step)["ar"] == "outdated"


def test_the_template_title_works_the_same_way(client, team_lead, draft):
    client.force_login(team_lead)
    url = reverse("chains:template_edit", args=[draft.pk])
    data = {
        "valid_from": draft.valid_from.isoformat(),
        "title_de": "Testkette",
        "summary_de": "Eine kurze Kette.",
        "title_ar": "سلسلة الاختبار",
        "summary_ar": "سلسلة قصيرة.",
    }
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert translation_state(draft)["ar"] == "complete"
    assert client.post(url, {**data, "summary_de": "Eine neue Einleitung."}).status_code == 302
    draft.refresh_from_db()
    assert translation_state(draft)["ar"] == "outdated"
    assert template_language_states(draft)["ar"] == "missing"  # a step has no Arabic text
    page = client.get(reverse("chains:template", args=[draft.pk]))
    assert "badge-outdated" in page.content.decode()
    assert "badge-missing" in page.content.decode()  # Turkish, for example


def test_a_new_version_keeps_the_translation_states(team_lead, draft):
    step = draft.steps.get(key="contract")
    texts = {code: {k: v for k, v in t.items() if k != "source"} for code, t in step.texts.items()}
    texts["ar"]["documents"] = ["عقد التدريب"]
    template_services.chain_step_save(
        actor=team_lead,
        template=draft,
        step=step,
        key=step.key,
        data={"texts": texts, "responsible": step.responsible},
    )
    texts["de"]["title"] = "Ausbildungsvertrag unterschreiben"
    template_services.chain_step_save(
        actor=team_lead,
        template=draft,
        step=step,
        key=step.key,
        data={"texts": texts, "responsible": step.responsible},
    )
    step.refresh_from_db()
    before = translation_state(step)
    assert before["ar"] == "outdated"
    template_services.chain_template_publish(actor=team_lead, template=draft)
    third = template_services.chain_template_new_version(actor=team_lead, template=draft)
    copy = third.steps.get(key="contract")
    assert translation_state(copy) == before
    assert translation_state(third) == translation_state(draft)


def test_the_seed_loader_stamps_the_shipped_translations(organisation):
    template_services.templates_seed(organisation)
    chain = ChainTemplate.objects.get(organisation=organisation, key="refugee-apprentice-company")
    assert all("source" in chain.texts[code] for code in chain.texts if code != "de")
    assert "source" not in chain.texts["de"]
    step = chain.steps.first()
    assert translation_state(step)["en"] == "complete"
    assert "outdated" not in translation_state(step).values()
