"""Erasure (Art. 17) is complete: a full record goes, and nothing of it is left anywhere.

One person gets everything the app can store about them, with a marker in every text field
(encrypted ones too): a shared record with languages and wishes, a case with stage history,
hand-over, sessions, next steps, consents, referrals (with status history, an override and an
out-of-district reason), proposals with history, a process chain with step notes, a matching
run pair, a saved people-list filter in the session and a queued task. After the erasure
route, every table is scanned: raw columns, the decrypted encrypted columns, the decoded
session data and the task queue. Every cascade is pinned: each related model is listed with
how its rows reach the person, and a new relation to a person fails until it is listed.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kausa.core.crypto import decrypt_str
from kausa.core.encrypted_columns import encrypted_fields
from kausa.core.models import AuditEntry, Occupation, Role
from kausa.core.tests.factories import (
    CompanyFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VacancyFactory,
    district,
    published_person_chain,
)
from kausa.people.models import DesiredOccupation, Person, PersonLanguage, PersonSensitive
from kausa.placements.models import MatchingRun, MatchingRunPair

pytestmark = pytest.mark.django_db
MARKER = "Qjvmarker"
TODAY = timezone.localdate()

# Every model whose rows belong to a person, with the path from the model to the person.
# Erasure deletes all of them; the audit trail stays, pseudonymised (ids and action names).
PERSON_ROWS = {
    "people.Person": "pk",
    "people.PersonSensitive": "person",
    "people.PersonLanguage": "person",
    "people.DesiredOccupation": "person",
    "people.Person_shared_with_offices": "person",
    "counselling.Case": "person",
    "counselling.CaseStageChange": "case__person",
    "counselling.CaseHandover": "case__person",
    "counselling.CounsellingSession": "case__person",
    "counselling.CounsellingSession_topics": "counsellingsession__case__person",
    "counselling.NextStep": "case__person",
    "counselling.Consent": "person",
    "counselling.Referral": "case__person",
    "counselling.ReferralStatusChange": "referral__case__person",
    "counselling.FollowUpContact": "case__person",
    "counselling.FollowUpWarning": "case__person",
    "counselling.FollowUpOutcome": "case__person",
    "chains.ChainRun": "person",
    "chains.ChainRunStep": "run__person",
    "placements.Proposal": "person",
    "placements.ProposalStatusChange": "proposal__person",
    "placements.MatchingRunPair": "person",
    "bsk.CourseParticipation": "person",
    "people.Guardian": "person",
    "events.Registration": ("person", "guardian__person"),
    "events.EventContact": "person",
    "events.SpeedDatingWish": "person",
    "events.Nomination": "person",
    "events.JuryVote": "nomination__person",
    "events.Ambassador": "person",
    "events.AmbassadorAppearance": "ambassador__person",
    "portal_enquiries.Enquiry": "person",
    "portal_mydata.AccessLink": "person",
    "portal_proposals.CompanyResponse": "proposal__person",
}


def _relations_to(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    found = []
    for candidate in apps.get_models(include_auto_created=True):
        for field in candidate._meta.concrete_fields:
            if field.is_relation and field.related_model is model:
                found.append((candidate, f"{field.name}:{field.remote_field.on_delete.__name__}"))
    return found


def person_owned_models() -> dict[str, set[str]]:
    """Models that reach Person by cascading foreign keys (and auto many-to-many tables),
    each with its relations to the others ("field:on_delete")."""
    owned: dict[str, type[models.Model]] = {"people.Person": Person}
    queue: list[type[models.Model]] = [Person]
    while queue:
        for candidate, relation in _relations_to(queue.pop()):
            if relation.endswith(":CASCADE") and candidate._meta.label not in owned:
                owned[candidate._meta.label] = candidate
                queue.append(candidate)
    relations: dict[str, set[str]] = {label: set() for label in owned}
    for model in owned.values():
        for candidate, relation in _relations_to(model):
            if candidate._meta.label in owned:
                relations[candidate._meta.label].add(relation)
    return relations


def test_every_model_that_belongs_to_a_person_is_pinned():
    assert set(person_owned_models()) == set(PERSON_ROWS)


def test_relations_to_a_person_that_do_not_cascade_are_known():
    """A person's record never hangs on a PROTECT (erasure would fail) and the only other
    links are a chain run's optional case and a referral's consent (both erased too)."""
    others = {
        (label, relation)
        for label, relations in person_owned_models().items()
        for relation in relations
        if not relation.endswith(":CASCADE")
    }
    assert others == {
        ("chains.ChainRun", "case:SET_NULL"),
        ("counselling.Referral", "consent:RESTRICT"),
    }


def _rows_of(person_pk: int) -> dict[str, set[Any]]:
    rows = {}
    for label, path in PERSON_ROWS.items():
        model = apps.get_model(label)
        paths = (path,) if isinstance(path, str) else path
        reaches = Q()
        for one in paths:  # a parent's registration reaches the person through the parent
            reaches |= Q(**{one: person_pk})
        rows[label] = set(model._base_manager.filter(reaches).values_list("pk", flat=True))
    return rows


def _text_hits(texts: dict[str, str], marker: str = MARKER) -> list[str]:
    return sorted(where for where, text in texts.items() if marker.lower() in text.lower())


def raw_column_texts() -> dict[str, str]:
    """Every row of every table, as stored (encrypted columns as ciphertext)."""
    texts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            texts[table] = "\n".join(repr(row) for row in cursor.fetchall())
    return texts


def decrypted_column_texts() -> dict[str, str]:
    """Every encrypted column, decrypted."""
    texts = {}
    for model, field in encrypted_fields():
        stored = (
            model._base_manager.filter(**{f"{field.name}__isnull": False})
            .annotate(_stored=Cast(field.name, output_field=models.TextField()))
            .values_list("_stored", flat=True)
        )
        texts[f"{model._meta.label}.{field.name}"] = "\n".join(decrypt_str(s) for s in stored)
    return texts


def session_texts() -> dict[str, str]:
    return {
        f"session {session.pk[:6]}": json.dumps(session.get_decoded(), default=str)
        for session in Session.objects.all()
    }


def task_queue_texts() -> dict[str, str]:
    return {
        f"task {task.pk}": json.dumps(
            [task.args_kwargs, task.return_value, task.exception_class_path, task.traceback],
            default=str,
        )
        for task in DBTaskResult.objects.all()
    }


def marker_hits(marker: str = MARKER) -> list[str]:
    """Where `marker` is still stored: tables, decrypted columns, sessions, the task queue."""
    return _text_hits(
        raw_column_texts() | decrypted_column_texts() | session_texts() | task_queue_texts(),
        marker,
    )


def _ok(response: Any, *expected: int) -> Any:
    assert response.status_code in (expected or (302,)), (response.status_code, response)
    return response


def build_complete_record(client: Any, counsellor: Any, colleague: Any, office_b: Any) -> Person:
    """Everything the app stores about one person, made through the staff pages."""
    organisation = counsellor.organisation
    person = PersonFactory(
        office=counsellor.office,
        first_name=f"{MARKER}Amal",
        last_name=f"{MARKER}Nasser",
        email=f"{MARKER.lower()}@example.org",
        phone="+49 170 1234567",
        place=f"{MARKER}dorf",
        country_of_residence=f"{MARKER}land",
        school_certificate_country=f"{MARKER}staat",
    )
    PersonSensitive.objects.filter(person=person).update(
        residence_status="tolerated", residence_valid_until=TODAY, has_migration_background=True
    )
    occupation = Occupation.objects.order_by("pk").first()
    DesiredOccupation.objects.create(person=person, occupation=occupation, rank=1)
    PersonLanguage.objects.create(person=person, language="ar", level=4)
    client.force_login(counsellor)
    post = lambda name, pk, data: client.post(reverse(name, args=[pk]), data)  # noqa: E731

    _ok(post("people:sharing", person.pk, {"offices": [office_b.pk]}))
    assert person.shared_with_offices.exists()
    # The list search: the typed name applies to this request only, the filters are saved.
    search = client.post(reverse("people:list"), {"q": MARKER, "german_level": "0"})
    assert search.status_code == 200 and MARKER in search.content.decode()

    _ok(post("counselling:person_open", person.pk, {"opened_on": TODAY.isoformat()}))
    case = person.cases.get()
    _ok(post("counselling:stage", case.pk, {"stage": "in_counselling"}))
    _ok(post("counselling:handover", case.pk, {"counsellor": colleague.pk}))
    client.force_login(colleague)
    topic = apps.get_model("partners", "Topic").objects.get(code="residence-work-permit")
    session = {
        "held_on": TODAY.isoformat(),
        "duration_minutes": "30",
        "channel": "in_person",
        "language": "ar",
        "interpreter": "on",
        "topics": [topic.pk],
        "notes": f"Notiz {MARKER} zur Duldung",
    }
    _ok(post("counselling:session_create", case.pk, session))
    _ok(post("counselling:session_create", case.pk, session | {"notes": f"Zweite {MARKER}"}))
    _ok(
        post(
            "counselling:step_create",
            case.pk,
            {"title": f"Termin {MARKER}", "due_on": TODAY.isoformat(), "owner": colleague.pk},
        )
    )

    partner = PartnerFactory(organisation=organisation, email="abh@example.org")
    partner.topics.set([topic])
    far_partner = PartnerFactory(organisation=organisation)
    far_partner.districts.set([district("15089")])
    far_partner.topics.set([topic])
    consent = {
        "purpose": "referral",
        "partner": partner.pk,
        "text_version": f"v1-{MARKER}",
        "given_on": TODAY.isoformat(),
        "language": "ar",
        "method": "written",
        "guardian_name": f"{MARKER} Vater",
    }
    _ok(post("counselling:consents", person.pk, consent))
    _ok(post("counselling:consents", person.pk, consent | {"purpose": "matching", "partner": ""}))
    refer = {"partner": partner.pk, "topic": topic.pk, "shared_fields": ["name", "residence"]}
    _ok(post("counselling:refer", case.pk, refer | {"message": f"Bitte {MARKER}"}))
    overridden = refer | {
        "partner": far_partner.pk,
        "consent_override_reason": f"Frist {MARKER}",
        "outside_district_reason": f"Umzug {MARKER}",
    }
    _ok(post("counselling:refer", case.pk, overridden))
    referral = case.referrals.get(partner=partner)
    _ok(post("counselling:referral_status", referral.pk, {"status": "accepted"}))

    company = CompanyFactory(organisation=organisation)
    vacancy = VacancyFactory(company=company, occupation=occupation)
    _ok(post("placements:create", person.pk, {"vacancy": vacancy.pk}))
    proposal = person.proposals.get()
    _ok(post("placements:proposal", proposal.pk, {"status": "application_sent"}))

    chain = published_person_chain(organisation)
    _ok(post("chains:person_start", person.pk, {"template": chain.pk, "language": "ar"}))
    item = person.chain_runs.get().run_steps.order_by("pk").first()
    notes = {f"s{item.pk}-status": "in_progress", f"s{item.pk}-notes": f"Schritt {MARKER}"}
    _ok(post("chains:run_step", item.pk, notes))

    course = {"status": "found", "course_title": f"Azubi-BSK {MARKER}", "provider": "VHS"}
    _ok(post("bsk:course_status", person.pk, course))

    # Follow-up during training: planned contacts, one done, a warning sign, the outcome.
    _ok(post("counselling:stage", case.pk, {"stage": "training_started"}))
    contact = case.followup_contacts.order_by("due_on").first()
    done = {"contact": contact.pk, "done_on": TODAY.isoformat()}
    _ok(post("counselling:followup_done", case.pk, done))
    _ok(post("counselling:followup_warning", case.pk, {"sign": "money", "noted_on": TODAY}))
    outcome = {"outcome": "continues", "outcome_on": TODAY, "dropout_prevented": "on"}
    _ok(post("counselling:followup_outcome", case.pk, outcome))

    _event_records(client, post, person, company, counsellor)
    _portal_records(person, proposal, company)

    run = MatchingRun.objects.create(office=counsellor.office, state="done")
    MatchingRunPair.objects.create(
        run=run, person=person, vacancy=vacancy, score=0.5, factors=[{"factor": "commute"}]
    )
    return person


def _event_records(client: Any, post: Any, person: Person, company: Any, counsellor: Any) -> None:
    """A parent, registrations of the person and the parent, a contact, a speed dating wish,
    a nomination with a jury vote and an ambassador with an appearance, through the pages."""
    from kausa.events.models import AwardRound, EventConsentText
    from kausa.events.tests.factories import EventFactory, EventFormatFactory

    organisation = counsellor.organisation
    EventConsentText.objects.create(organisation=organisation, language="de", version=1, text="E")
    EventConsentText.objects.create(organisation=organisation, language="ar", version=1, text="E")
    parent = {"first_name": f"{MARKER}Mutter", "last_name": "N", "relation": "mother"}
    _ok(post("people:guardians", person.pk, parent | {"language": "ar"}))
    guardian = person.guardians.get()
    event_format = EventFormatFactory(organisation=organisation, name="SD", kind="speed_dating")
    event = EventFactory(office=counsellor.office, event_format=event_format)
    for who in (
        {"kind": "young_person", "person": person.pk, "guardian_consent_name": f"{MARKER} V"},
        {"kind": "parent", "guardian": guardian.pk},
        {"kind": "company", "company": company.pk},
    ):
        _ok(post("events:register", event.pk, who | {"language": "de", "consent": "on"}))
    assert event.registrations.filter(status="confirmed").count() == 3
    _ok(post("events:contacts", event.pk, {"person": person.pk, "company": company.pk}))
    wish = {"person": person.pk, "company": company.pk, "person_wants": "on"}
    _ok(post("events:speeddating_wish", event.pk, wish))
    award_round = AwardRound.objects.create(
        office=counsellor.office,
        title="Azubi des Jahres",
        category="apprentice",
        nominations_close_on=TODAY + datetime.timedelta(days=9),
    )
    _ok(post("events:nominate", award_round.pk, {"person": person.pk, "reason": f"{MARKER}!"}))
    _ok(post("events:award_round_status", award_round.pk, {"status": "jury"}))
    _ok(post("events:vote", award_round.nominations.get().pk, {"score": "4"}))
    ambassador = {"person": person.pk, "profile": f"{MARKER} erzählt", "availability": "abends"}
    _ok(client.post(reverse("events:ambassadors"), ambassador))
    appearance = {"event": event.pk, "role": "Rede"}
    _ok(post("events:ambassador_appearance", person.ambassador_roles.get().pk, appearance))


def _portal_records(person: Person, proposal: Any, company: Any) -> None:
    """What the portal keeps of the person: the request it sent, a my-data link, a data
    request, and a company's answer to the proposal."""
    from kausa.portal.enquiries.tests.factories import open_enquiry
    from kausa.portal.mydata.models import AccessLink, DataRequest
    from kausa.portal.proposals.services import company_response_record
    from kausa.portal.tests.world import make_account

    open_enquiry(person.office, person=person, question=f"Frage {MARKER}")
    AccessLink.objects.create(person=person, nonce_hash="0" * 64)
    DataRequest.objects.create(
        office=person.office, person=person, kind="export", message=f"Bitte {MARKER}"
    )
    account = make_account(company.organisation, "ausbildung@erasure.example", company)
    company_response_record(
        account=account,
        proposal=proposal,
        decision="declined",
        reason="other",
        reason_text=f"Grund {MARKER}",
    )


def test_erasure_leaves_no_marker_and_no_row_behind(
    client, counsellor_a, office_b, django_capture_on_commit_callbacks
):
    colleague = UserFactory(office=counsellor_a.office, role=Role.COUNSELLOR)
    person = build_complete_record(client, counsellor_a, colleague, office_b)
    with django_capture_on_commit_callbacks(execute=True):  # a run queued for the worker
        _ok(client.post(reverse("placements:runs")))
    assert DBTaskResult.objects.exists()

    before = _rows_of(person.pk)
    empty = sorted(label for label, pks in before.items() if not pks)
    assert empty == [], f"the record is not complete, nothing in: {empty}"

    # The scans see the marker where it is stored, including the encrypted columns.
    raw, decrypted = raw_column_texts(), decrypted_column_texts()
    assert {"people_person", "counselling_consent", "counselling_nextstep"} <= set(_text_hits(raw))
    assert "counselling_counsellingsession" not in _text_hits(raw)  # ciphertext only
    assert set(_text_hits(decrypted)) == {
        "counselling.CounsellingSession.notes",
        "counselling.Referral.message",
        "chains.ChainRunStep.notes",
        "portal_enquiries.Enquiry.question",
        "portal_mydata.DataRequest.message",
        "portal_proposals.CompanyResponse.reason_text",
    }
    assert session_texts() and not _text_hits(session_texts())  # the typed name is not kept

    client.force_login(counsellor_a)
    erase = reverse("counselling:erase", args=[person.pk])
    assert client.post(erase, {"confirm": "nein"}).status_code == 200  # not confirmed: nothing
    assert _rows_of(person.pk) == before
    _ok(client.post(erase, {"confirm": "LÖSCHEN"}))

    assert marker_hits() == []
    after = {
        label: apps.get_model(label)._base_manager.filter(pk__in=pks).count()
        for label, pks in before.items()
    }
    assert after == dict.fromkeys(PERSON_ROWS, 0)
    # The trail stays, pseudonymised: an id that no longer resolves, action names, no values.
    entries = AuditEntry.objects.filter(object_type="people.person", object_id=str(person.pk))
    assert entries.filter(action="people.person.erased").count() == 1
    assert entries.count() > 1  # the earlier entries about the person are kept as well


def test_the_scan_reads_sessions_and_the_task_queue(client, counsellor_a):
    """A marker only in a session or a queued task is found (the scan is not blind there)."""
    client.force_login(counsellor_a)
    session = client.session
    session["people.list.filters"] = {"q": [MARKER]}
    session.save()
    assert any(hit.startswith("session") for hit in marker_hits())
    Session.objects.all().delete()
    from kausa.core.tasks import search_text_rebuild

    result = search_text_rebuild.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(traceback=f"ValueError: {MARKER}")
    assert any(hit.startswith("task") for hit in marker_hits())
