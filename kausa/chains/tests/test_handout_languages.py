"""The hand-out names missing and outdated translations, prints its fixed labels in the
second language and keeps phone numbers in order inside right-to-left text."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kausa.chains.handout_labels import LABELS, label
from kausa.chains.models import ChainRun, DistrictPartner
from kausa.chains.services.runs import chain_run_language_set, chain_run_start
from kausa.core.bidi import LRI, PDI
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PartnerFactory, district

pytestmark = pytest.mark.django_db
PHONE = "069 90009 689"


def _pdf_text(client, run) -> str:
    response = client.get(reverse("chains:handout", args=[run.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace(LRI, "").replace(PDI, "")


def _flat(text: str) -> str:
    """The extracted text with line breaks of the narrow columns joined."""
    return " ".join(text.split())


def _page(client, run) -> str:
    response = client.get(reverse("chains:run", args=[run.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def run_in(counsellor_a, chain, tolerated_person):
    def start(language: str) -> ChainRun:
        return chain_run_start(
            actor=counsellor_a, template=chain, person=tolerated_person, language=language
        )

    return start


def test_a_step_without_translation_is_named_in_german_and_the_chosen_language(
    client, counsellor_a, run_in
):
    """The chain has Arabic for two steps; "chamber" has none: its notice is printed."""
    run = run_in("ar")
    client.force_login(counsellor_a)
    german = label("de", "step_missing", about="ar")
    arabic = label("ar", "step_missing")
    assert "Arabisch" in german
    text = _flat(_pdf_text(client, run))
    assert "Vertrag bei der Kammer eintragen" in text  # the German text stays
    assert "keine (vollständige) Übersetzung auf Arabisch" in text
    assert "لا توجد بعد ترجمة كاملة" in text
    page = _page(client, run)
    assert german in page and arabic in page


def test_a_turkish_hand_out_without_any_turkish_text_says_so(client, counsellor_a, run_in):
    run = run_in("tr")
    client.force_login(counsellor_a)
    text = _flat(_pdf_text(client, run))
    assert text.count("Ausbildungsvertrag schließen") == 1  # German only, one column
    assert "nicht auf Türkisch übersetzt" in text
    assert "henüz Türkçeye çevrilmedi" in text
    assert label("tr", "all_missing") in _page(client, run)


def test_an_outdated_translation_is_printed_with_a_notice(client, counsellor_a, chain, run_in):
    contract = chain.steps.get(key="contract")
    contract.texts["ar"]["documents"] = ["عقد التدريب"]
    contract.texts["de"]["description"] = "Betrieb und Person unterschreiben vor Beginn."
    contract.save()  # the German changed after the Arabic was stamped
    run = run_in("ar")
    client.force_login(counsellor_a)
    text = _flat(_pdf_text(client, run))
    assert "إبرام عقد التدريب" in text  # the translation is printed
    assert "wurde nach der Übersetzung auf Arabisch geändert" in text
    assert "تم تعديل النص الألماني لهذه الخطوة" in text
    page = _page(client, run)
    assert label("de", "step_outdated", about="ar") in page
    assert label("ar", "step_outdated") in page


def test_a_complete_translation_has_no_notice(client, counsellor_a, chain, run_in):
    contract = chain.steps.get(key="contract")
    contract.texts["ar"]["documents"] = ["عقد التدريب"]
    contract.save()
    run = run_in("ar")
    client.force_login(counsellor_a)
    text = _flat(_pdf_text(client, run))
    # Steps 2 (no Arabic description) and 3 (no Arabic) are missing, step 1 is complete.
    assert text.count("Für diesen Schritt gibt es noch keine") == 2


def test_the_arabic_column_has_arabic_labels(client, counsellor_a, chain, run_in):
    contract = chain.steps.get(key="contract")
    contract.texts["ar"]["documents"] = ["عقد التدريب"]
    contract.save()
    run = run_in("ar")
    client.force_login(counsellor_a)
    text = _flat(_pdf_text(client, run))
    for key in ("documents", "disclaimer", "office"):
        assert LABELS["ar"][key].split()[0] in text, key
    assert "المستندات" in text and "Unterlagen" in text
    assert "وليست استشارة قانونية" in text


def test_a_phone_number_keeps_its_order_in_arabic(
    client, counsellor_a, organisation, chain, run_in
):
    office = PartnerFactory(
        organisation=organisation,
        name="ABH",
        partner_type="foreigners_office",
        phone=PHONE,
    )
    DistrictPartner.objects.create(
        template=chain, district=district("15003"), partner_type="foreigners_office", partner=office
    )
    run = run_in("ar")
    assert run.run_steps.filter(partner=office).exists()
    client.force_login(counsellor_a)
    text = _pdf_text(client, run)
    assert "جهة الاتصال" in text
    arabic_lines = [line for line in text.splitlines() if "جهة الاتصال" in line]
    assert arabic_lines and all(PHONE in line for line in arabic_lines), arabic_lines
    assert "689 90009 069" not in text
    page = _page(client, run)
    isolated = re.findall(r'<bdi dir="ltr">([^<]*)</bdi>', page)
    assert any(PHONE in run_text for run_text in isolated), isolated


def test_user_text_in_the_isolating_markup_stays_escaped(client, counsellor_a, chain, run_in):
    step = chain.steps.get(key="contract")
    step.texts["ar"]["title"] = "خطوة <script>alert(1)</script> خطوة 0391 12"
    step.save()
    run = run_in("ar")
    client.force_login(counsellor_a)
    page = _page(client, run)
    assert "<script>alert(1)" not in page
    assert '<bdi dir="ltr">script&gt;alert(1)&lt;/script</bdi>' in page
    assert '<bdi dir="ltr">0391 12</bdi>' in page


def test_the_language_select_names_complete_languages_and_changes_the_language(
    client, counsellor_a, reader_a, run_in
):
    run = run_in("de")
    client.force_login(counsellor_a)
    form = client.get(reverse("chains:run", args=[run.pk])).context["language_form"]
    choices = dict(form.fields["language"].choices)
    assert choices["ar"] != choices["de"] and "(" in str(choices["tr"])
    url = reverse("chains:run_language", args=[run.pk])
    assert client.post(url, {"language": "xx"}).status_code == 302
    run.refresh_from_db()
    assert run.language == "de"
    client.post(url, {"language": "ar"})
    run.refresh_from_db()
    assert run.language == "ar"
    changed = AuditEntry.objects.filter(action="chains.run.language_changed")
    assert changed.count() == 1
    client.force_login(reader_a)
    assert client.post(url, {"language": "tr"}).status_code == 403
    run.refresh_from_db()
    assert run.language == "ar" and changed.count() == 1


def test_the_language_service_checks_the_writer(run_in, counsellor_b):
    from django.core.exceptions import PermissionDenied

    run = run_in("de")
    with pytest.raises(PermissionDenied):
        chain_run_language_set(actor=counsellor_b, run=run, language="ar")


def test_the_start_form_names_the_completely_translated_languages(
    client, counsellor_a, chain, tolerated_person
):
    url = reverse("chains:person_start", args=[tolerated_person.pk])
    client.force_login(counsellor_a)
    help_text = str(client.get(url).context["form"].fields["language"].help_text)
    assert "Testkette: –" in help_text  # no language is complete yet
    chain.texts["en"] = {"title": "Test chain", "summary": "A short chain."}
    chain.save()
    for step in chain.steps.all():
        german = step.texts["de"]
        step.texts["en"] = {
            "title": f"EN {german['title']}",
            "description": "Text.",
            "documents": ["Document"] * len(german.get("documents", [])),
        }
        step.save()
    help_text = str(client.get(url).context["form"].fields["language"].help_text)
    assert "Testkette: –" not in help_text and help_text.count(",") == 0
