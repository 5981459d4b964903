"""The company follows its own process chains (read-only) and prints the hand-out."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from kausa.chains.models import ChainRun, StepStatus
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import published_person_chain
from kausa.portal.business import audit_actions
from kausa.portal.business.tests.builders import company_run

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "ar"]


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"portal_business:{name}", args=args)


@pytest.fixture
def run(world):
    return company_run(world.company, world.office, world.counsellor)


@pytest.fixture
def other_run(world):
    # The same chain, started for another company.
    return company_run(world.other_company, world.office, world.counsellor, partner=False)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_company_sees_only_its_own_runs(world, company_client, run, other_run, language):
    listing = company_client.get(url("chains", language)).content.decode()
    assert url("chain", language, run.pk) in listing
    assert url("chain", language, other_run.pk) not in listing
    home = company_client.get(url("home", language)).content.decode()
    assert url("chain", language, run.pk) in home
    assert url("chain", language, other_run.pk) not in home
    for name in ("chain", "chain_handout"):
        assert company_client.get(url(name, language, other_run.pk)).status_code == 404


def test_a_persons_run_is_never_shown(world, company_client, organisation, office_a, counsellor_a):
    template = published_person_chain(organisation)
    person_run = ChainRun.objects.create(
        template=template,
        office=office_a,
        person=world.person,
        district=world.person.district,
        counsellor=counsellor_a,
        started_on=world.vacancy.start_date,
    )
    assert company_client.get(url("chain", "de", person_run.pk)).status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_run_shows_steps_due_dates_and_the_districts_contacts(
    world, company_client, run, language
):
    first, second = run.run_steps.order_by("step__position")
    first.status = StepStatus.DONE
    first.notes = "Interne Notiz der Beratung"
    first.save()

    content = company_client.get(url("chain", language, run.pk)).content.decode()

    if language == "ar":
        assert "التدريب لأول مرة" in content
        assert "توضيح أهلية المدرب" in content  # the step's Arabic title
        assert "Ausbildereignung klären" not in content
    else:
        assert "Erstmals ausbilden" in content
        assert "Ausbildereignung klären" in content
    # The second step has no Arabic text: German, marked as such.
    assert '<span lang="de">Vertrag bei der Kammer eintragen</span>' in content
    assert second.due_on.strftime("%Y") in content
    # The district's partner for the chamber step, as on the staff hand-out.
    assert "IHK Halle-Dessau" in content
    assert "0345 2126-0" in content
    assert 'aria-current="step"' in content
    # Staff notes stay with the office.
    assert "Interne Notiz" not in content
    assert url("chain_handout", language, run.pk) in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_handout_is_a_pdf_in_the_portal_language(world, company_client, run, language):
    response = company_client.get(url("chain_handout", language, run.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    run.refresh_from_db()
    assert run.language == "de"  # the office's choice of language is not changed
    entry = AuditEntry.objects.get(action=audit_actions.HANDOUT_DOWNLOADED)
    assert (entry.object_id, entry.actor) == (str(run.pk), None)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_handout_has_the_arabic_column_only_in_arabic(world, company_client, run):
    arabic = pdf_text(company_client.get(url("chain_handout", "ar", run.pk)).content)
    german = pdf_text(company_client.get(url("chain_handout", "de", run.pk)).content)
    assert "Erstmals ausbilden" in arabic and "التدريب لأول مرة" in arabic
    assert "IHK Halle-Dessau" in arabic
    assert "Erstmals ausbilden" in german and "التدريب لأول مرة" not in german
