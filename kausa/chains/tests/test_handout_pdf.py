"""The hand-out PDF renders German and Arabic with extractable text in reading order."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kausa.chains.services.runs import chain_run_start

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_german_hand_out(client, counsellor_a, chain, tolerated_person, foreigners_office):
    run = chain_run_start(
        actor=counsellor_a, template=chain, person=tolerated_person, language="de"
    )
    client.force_login(counsellor_a)
    text = _text(client.get(reverse("chains:handout", args=[run.pk])))
    first = text.index("Ausbildungsvertrag schließen")
    second = text.index("Beschäftigungserlaubnis beantragen")
    assert first < second < text.index("Vertrag bei der Kammer eintragen")
    assert "keine Rechtsberatung" in text
    assert "Ausbildungsvertrag" in text  # documents
    assert f"Ihre KAUSA-Stelle: {counsellor_a.office.name}" in text


def test_the_hand_out_names_the_office_by_the_organisations_kind(
    client, counsellor_a, chain, tolerated_person, foreigners_office
):
    organisation = counsellor_a.office.organisation
    organisation.kind = "landesstelle"
    organisation.save(update_fields=["kind"])
    run = chain_run_start(
        actor=counsellor_a, template=chain, person=tolerated_person, language="de"
    )
    client.force_login(counsellor_a)
    text = _text(client.get(reverse("chains:handout", args=[run.pk])))
    assert f"Ihre KAUSA-Landesstelle: {counsellor_a.office.name}" in text
    assert "Service" + "stelle" not in text  # the retired name (see core test_wording)


def test_arabic_hand_out_is_shaped_right_to_left_beside_german(
    client, counsellor_a, chain, tolerated_person
):
    run = chain_run_start(
        actor=counsellor_a, template=chain, person=tolerated_person, language="ar"
    )
    client.force_login(counsellor_a)
    text = _text(client.get(reverse("chains:handout", args=[run.pk])))
    assert "Testkette" in text and "Ausbildungsvertrag schließen" in text
    for phrase in ("سلسلة الاختبار", "إبرام عقد التدريب", "طلب تصريح العمل"):
        assert phrase in text, phrase
    assert text.index("إبرام عقد التدريب") < text.index("طلب تصريح العمل")


def test_a_language_without_texts_gives_a_german_only_hand_out(
    client, counsellor_a, chain, tolerated_person
):
    run = chain_run_start(
        actor=counsellor_a, template=chain, person=tolerated_person, language="fa"
    )
    client.force_login(counsellor_a)
    text = _text(client.get(reverse("chains:handout", args=[run.pk])))
    assert text.count("Ausbildungsvertrag schließen") == 1
