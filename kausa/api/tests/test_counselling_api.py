"""Cases and referrals through the API: the services' rules, audit entries and office scoping."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.api.models import TokenScope
from kausa.api.tests.test_api_basics import make_token
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PartnerFactory, PersonFactory
from kausa.counselling.models import Case, Referral
from kausa.counselling.services.cases import case_open_for_person
from kausa.counselling.services.consents import consent_record, consent_withdraw
from kausa.partners.models import Topic

pytestmark = pytest.mark.django_db


def write_token(user):
    return make_token(user, scope=TokenScope.WRITE)


def post(client, path, body, headers):
    return client.post(path, body, content_type="application/json", **headers)


def audit_actions(obj) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def field_names(response) -> set[str]:
    assert response.status_code == 422, response.content
    return {item["field"] for item in response.json()["fields"]}


@pytest.fixture
def case(counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    return case_open_for_person(actor=counsellor_a, person=person, opened_on=timezone.localdate())


def test_a_case_is_opened_staged_closed_and_reopened_with_one_audit_entry_each(
    client, counsellor_a
):
    headers = write_token(counsellor_a)
    person = PersonFactory(office=counsellor_a.office)
    response = post(client, "/api/v1/cases/", {"person_id": person.pk}, headers)
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.person == person and case.counsellor == counsellor_a
    base = f"/api/v1/cases/{case.pk}"
    assert post(client, f"{base}/stage", {"stage": "applying"}, headers).json()["stage"] == (
        "applying"
    )
    closed = post(client, f"{base}/close", {"end_reason": "goal_reached"}, headers).json()
    assert closed["closed"] is True and closed["end_reason"] == "goal_reached"
    assert post(client, f"{base}/reopen", {}, headers).json()["closed"] is False
    assert audit_actions(case) == [
        "counselling.case.opened",
        "counselling.case.stage_changed",
        "counselling.case.closed",
        "counselling.case.reopened",
    ]
    # The case page's form decides: no first contact in the future.
    other = PersonFactory(office=counsellor_a.office)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = {"person_id": other.pk, "opened_on": tomorrow}
    assert field_names(post(client, "/api/v1/cases/", body, headers)) == {"opened_on"}
    assert not other.cases.exists()
    # A second open case for the same person is refused, naming the field.
    assert field_names(post(client, "/api/v1/cases/", {"person_id": person.pk}, headers)) == {
        "person_id"
    }


def test_case_reads_carry_no_session_notes_and_lists_are_scoped(
    client, counsellor_a, counsellor_b, case
):
    case.sessions.create(held_on=case.opened_on, duration_minutes=30, channel="phone", notes="x")
    other = case_open_for_person(
        actor=counsellor_b,
        person=PersonFactory(office=counsellor_b.office),
        opened_on=timezone.localdate(),
    )
    headers = make_token(counsellor_a)
    body = client.get(f"/api/v1/cases/{case.pk}", **headers).json()
    assert not {"sessions", "notes"} & set(body)
    assert b"notes" not in client.get(f"/api/v1/cases/{case.pk}", **headers).content
    listed = client.get("/api/v1/cases/", **headers).json()["items"]
    assert [item["id"] for item in listed] == [case.pk]
    assert client.get(f"/api/v1/cases/{other.pk}", **headers).status_code == 404
    by_person = client.get("/api/v1/cases/", {"person_id": other.person_id}, **headers).json()
    assert by_person["items"] == []


def test_case_writes_are_refused_to_read_tokens_readers_and_other_offices(
    client, case, counsellor_a, reader_a, counsellor_b, team_lead
):
    path = f"/api/v1/cases/{case.pk}/stage"
    body = {"stage": "applying"}
    assert post(client, path, body, make_token(counsellor_a)).status_code == 403
    assert post(client, path, body, write_token(reader_a)).status_code == 403
    assert post(client, path, body, write_token(team_lead)).status_code == 403
    assert post(client, path, body, write_token(counsellor_b)).status_code == 404
    case.refresh_from_db()
    assert case.stage == "first_contact" and audit_actions(case) == ["counselling.case.opened"]


def test_stage_errors_name_their_field(client, case, counsellor_a):
    headers = write_token(counsellor_a)
    path = f"/api/v1/cases/{case.pk}/stage"
    assert field_names(post(client, path, {"stage": "ended"}, headers)) == {"end_reason"}
    assert field_names(post(client, path, {"stage": "no-such-stage"}, headers)) == {"stage"}
    # A company stage on a person's case: the service refuses it.
    assert field_names(post(client, path, {"stage": "ongoing"}, headers)) == {"stage"}


@pytest.fixture
def partner(organisation):
    partner = PartnerFactory(organisation=organisation)
    partner.topics.set([Topic.objects.order_by("pk").first()])
    return partner


def referral_body(case, partner, **extra):
    return {
        "case_id": case.pk,
        "partner_id": partner.pk,
        "topic_id": Topic.objects.order_by("pk").first().pk,
        "shared_fields": ["name", "contact"],
        "message": "Bitte um Termin",
        **extra,
    }


def test_a_referral_needs_consent_or_a_reason(client, case, partner, counsellor_a):
    headers = write_token(counsellor_a)
    refused = post(client, "/api/v1/referrals/", referral_body(case, partner), headers)
    assert field_names(refused) == {"consent_override_reason"}
    assert not Referral.objects.exists()
    overridden = post(
        client,
        "/api/v1/referrals/",
        referral_body(case, partner, consent_override_reason="Notfall"),
        headers,
    )
    assert overridden.status_code == 201 and overridden.json()["consent_overridden"] is True
    referral = Referral.objects.get()
    assert audit_actions(referral) == ["counselling.referral.consent_overridden"]


def test_a_withdrawn_consent_or_one_for_another_partner_does_not_count(
    client, case, partner, organisation, counsellor_a
):
    today = timezone.localdate()
    consent = {"text_version": "v1", "given_on": today, "language": "de", "method": "written"}
    withdrawn = consent_record(
        actor=counsellor_a, person=case.person, purpose="referral", partner=partner, **consent
    )
    consent_withdraw(actor=counsellor_a, consent=withdrawn, withdrawn_on=today)
    other_partner = PartnerFactory(organisation=organisation)
    consent_record(
        actor=counsellor_a, person=case.person, purpose="referral", partner=other_partner, **consent
    )
    refused = post(
        client, "/api/v1/referrals/", referral_body(case, partner), write_token(counsellor_a)
    )
    assert field_names(refused) == {"consent_override_reason"}
    assert not Referral.objects.exists()


def test_a_referral_with_consent_is_created_read_and_moved_on(client, case, partner, counsellor_a):
    consent = consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    headers = write_token(counsellor_a)
    created = post(client, "/api/v1/referrals/", referral_body(case, partner), headers)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["consent_id"] == consent.pk and body["next_statuses"] == ["accepted", "no_response"]
    assert "message" not in body and b"Bitte um Termin" not in created.content
    referral = Referral.objects.get(pk=body["id"])
    assert referral.message == "Bitte um Termin"
    path = f"/api/v1/referrals/{referral.pk}/status"
    assert field_names(post(client, path, {"status": "done"}, headers)) == {"status"}
    assert post(client, path, {"status": "accepted"}, headers).json()["status"] == "accepted"
    assert audit_actions(referral) == [
        "counselling.referral.created",
        "counselling.referral.status_changed",
    ]
    listed = client.get("/api/v1/referrals/", {"case_id": case.pk}, **headers).json()
    assert [item["id"] for item in listed["items"]] == [referral.pk]
    assert client.get("/api/v1/referrals/", {"status": "sent"}, **headers).json()["items"] == []


def test_referral_references_outside_the_organisation_are_field_errors(
    client, case, partner, counsellor_a, outsider
):
    headers = write_token(counsellor_a)
    foreign = PartnerFactory(organisation=outsider.organisation)
    body = referral_body(case, foreign, consent_override_reason="x")
    assert field_names(post(client, "/api/v1/referrals/", body, headers)) == {"partner_id"}
    body = referral_body(case, partner, consent_override_reason="x", topic_id=987654)
    assert field_names(post(client, "/api/v1/referrals/", body, headers)) == {"topic_id"}
    body = referral_body(case, partner, consent_override_reason="x", shared_fields=[])
    assert field_names(post(client, "/api/v1/referrals/", body, headers)) == {"shared_fields"}
    body = referral_body(case, partner, consent_override_reason="x", message="a\x00b")
    assert field_names(post(client, "/api/v1/referrals/", body, headers)) == {"message"}
    assert not Referral.objects.exists()


def test_referrals_of_another_office_are_invisible_and_read_tokens_cannot_refer(
    client, case, partner, counsellor_a, counsellor_b, reader_a
):
    body = referral_body(case, partner, consent_override_reason="Notfall")
    assert post(client, "/api/v1/referrals/", body, write_token(counsellor_b)).status_code == 404
    assert post(client, "/api/v1/referrals/", body, make_token(counsellor_a)).status_code == 403
    assert post(client, "/api/v1/referrals/", body, write_token(reader_a)).status_code == 403
    created = post(client, "/api/v1/referrals/", body, write_token(counsellor_a)).json()
    other = make_token(counsellor_b)
    assert client.get(f"/api/v1/referrals/{created['id']}", **other).status_code == 404
    assert client.get("/api/v1/referrals/", **other).json()["items"] == []
