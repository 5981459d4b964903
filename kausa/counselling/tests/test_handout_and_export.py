"""User-typed text never becomes markup on the hand-out and export pages, the mail stays
plain text, and the Art. 15 export holds chain runs and matching-run pairs."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeData

from kausa.chains.models import ChainRun, ChainRunStep, ChainStep, ChainTemplate, StepStatus
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import VacancyFactory
from kausa.counselling.handouts import partner_handout_text
from kausa.counselling.models import Referral
from kausa.counselling.services.consents import consent_record
from kausa.counselling.services.referrals import referral_create
from kausa.placements.models import MatchingRun, MatchingRunPair

pytestmark = pytest.mark.django_db

HTMX_PAYLOAD = (
    '<b hx-post="/people/301/sharing/" hx-trigger="load" '
    'hx-include="[name=csrfmiddlewaretoken]" hx-vals=\'{"offices":"2"}\'></b>'
)
SCRIPT_PAYLOAD = "<script>alert(1)</script>"
META_PAYLOAD = '<meta http-equiv="refresh" content="0;url=https://evil.example">'


@pytest.fixture
def referral(case, partner, topic, counsellor_a) -> Referral:
    partner.name = f"P41 {HTMX_PAYLOAD}"
    partner.save()
    person = case.person
    person.first_name = SCRIPT_PAYLOAD
    person.save()
    consent_record(
        actor=counsellor_a,
        person=person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    return referral_create(
        actor=counsellor_a,
        case=case,
        partner=partner,
        topic=topic,
        shared_fields=["name"],
        message=META_PAYLOAD,
    )


def test_the_handout_page_escapes_what_users_typed(client, counsellor_a, referral):
    client.force_login(counsellor_a)
    response = client.get(reverse("counselling:referral_handout", args=[referral.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for payload in (HTMX_PAYLOAD, SCRIPT_PAYLOAD, META_PAYLOAD):
        assert payload not in body
    assert "&lt;b hx-post=&quot;/people/301/sharing/&quot;" in body  # partner hand-out + note
    assert body.count("&lt;b hx-post=") >= 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;meta http-equiv=&quot;refresh&quot;" in body
    assert "hx-disable" in body
    # One view, one audit entry.
    assert AuditEntry.objects.filter(action="counselling.referral.handout_printed").count() == 1


def test_the_mail_body_is_plain_text_not_markup(referral):
    text = partner_handout_text(referral)
    assert not isinstance(text, SafeData)  # a template would escape it, never trust it
    assert HTMX_PAYLOAD in text and META_PAYLOAD in text  # plain text, as typed
    assert "&lt;" not in text


def test_the_mail_goes_out_as_plain_text(
    client, counsellor_a, referral, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(counsellor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("counselling:referral_email", args=[referral.pk]))
    (mail,) = mailoutbox
    assert mail.content_subtype == "plain" and not getattr(mail, "alternatives", None)
    assert SCRIPT_PAYLOAD in mail.body


def _chain_run(person, office, counsellor, partner) -> ChainRun:
    template = ChainTemplate.objects.create(
        organisation=office.organisation,
        key="export-chain",
        version=2,
        audience="person",
        status="published",
        valid_from=datetime.date(2026, 1, 1),
        texts={"de": {"title": "Kette zur Ausbildung"}},
    )
    step = ChainStep.objects.create(
        template=template,
        position=1,
        key="permit",
        texts={"de": {"title": "Erlaubnis beantragen"}},
        responsible="partner",
    )
    run = ChainRun.objects.create(
        template=template,
        office=office,
        person=person,
        counsellor=counsellor,
        started_on=datetime.date(2026, 2, 1),
    )
    ChainRunStep.objects.create(
        run=run,
        step=step,
        status=StepStatus.IN_PROGRESS,
        due_on=datetime.date(2026, 3, 1),
        partner=partner,
        notes=f"Termin {SCRIPT_PAYLOAD} bei der ABH",
    )
    return run


def test_the_export_holds_chain_runs_and_matching_pairs(
    client, counsellor_a, office_a, case, partner
):
    person = case.person
    _chain_run(person, office_a, counsellor_a, partner)
    vacancy = VacancyFactory()
    run = MatchingRun.objects.create(office=office_a, state="done")
    MatchingRunPair.objects.create(run=run, person=person, vacancy=vacancy, score=0.875)

    client.force_login(counsellor_a)
    data = json.loads(client.get(reverse("counselling:export_json", args=[person.pk])).content)
    (chain,) = data["chain_runs"]
    assert chain["template"] == "Kette zur Ausbildung" and chain["version"] == 2
    (step,) = chain["steps"]
    assert step["step"] == "Erlaubnis beantragen" and step["due_on"] == "2026-03-01"
    assert step["status"] and step["partner"] == partner.name
    assert step["notes"] == f"Termin {SCRIPT_PAYLOAD} bei der ABH"  # decrypted
    (pair,) = data["matching_pairs"]
    assert pair["run"] == run.pk and pair["score"] == 0.875
    assert pair["occupation"] == vacancy.occupation.name
    assert pair["company"] == vacancy.company.name

    document = client.get(reverse("counselling:export_document", args=[person.pk]))
    body = document.content.decode()
    assert "Kette zur Ausbildung" in body and "Erlaubnis beantragen" in body
    assert vacancy.occupation.name in body and "0,88" in body
    assert SCRIPT_PAYLOAD not in body and "Termin &lt;script&gt;" in body
    # One export, one entry (the JSON and the document are two exports).
    assert AuditEntry.objects.filter(action="people.person.exported").count() == 2


def test_the_export_document_escapes_the_person_record(client, counsellor_a, case):
    person = case.person
    person.last_name = HTMX_PAYLOAD[:100]  # the column's length, enforced by PostgreSQL
    person.save()
    client.force_login(counsellor_a)
    body = client.get(reverse("counselling:export_document", args=[person.pk])).content.decode()
    assert HTMX_PAYLOAD[:100] not in body and "&lt;b hx-post=" in body


def test_the_export_holds_the_language_course_status(client, counsellor_a, case):
    from kausa.bsk.models import CourseParticipation, CourseStatus

    person = case.person
    client.force_login(counsellor_a)
    empty = json.loads(client.get(reverse("counselling:export_json", args=[person.pk])).content)
    assert empty["language_course"] is None
    CourseParticipation.objects.create(
        person=person,
        status=CourseStatus.ATTENDING,
        course_title="Azubi-BSK <b>Pflege</b>",
        provider="Sprachschule Elbe",
        updated_by=counsellor_a,
    )
    data = json.loads(client.get(reverse("counselling:export_json", args=[person.pk])).content)
    assert data["language_course"]["course"] == "Azubi-BSK <b>Pflege</b>"
    assert data["language_course"]["provider"] == "Sprachschule Elbe"
    body = client.get(reverse("counselling:export_document", args=[person.pk])).content.decode()
    assert "Azubi-BSK &lt;b&gt;Pflege&lt;/b&gt;" in body and "Sprachschule Elbe" in body
