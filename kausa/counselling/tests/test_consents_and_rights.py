"""Consent records, export, erasure and retention; a marker scan proves nothing is left."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.counselling.models import Case, Consent, RetainedCount
from kausa.counselling.services.consents import consent_record
from kausa.counselling.services.data_rights import apply_retention
from kausa.counselling.services.referrals import referral_create
from kausa.counselling.services.sessions import next_step_add, session_record
from kausa.people.models import DesiredOccupation, Person, PersonSensitive
from kausa.placements.adapter import suggestions_for_person
from kausa.placements.models import Proposal

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MARKER = "Zqxmarker"


def test_consent_of_an_under_16_needs_a_guardian(client, counsellor_a, office_a):
    child = PersonFactory(office=office_a, birth_date=TODAY.replace(year=TODAY.year - 14))
    client.force_login(counsellor_a)
    data = {
        "purpose": "counselling",
        "text_version": "2026-01",
        "given_on": TODAY.isoformat(),
        "language": "uk",
        "method": "written",
    }
    response = client.post(reverse("counselling:consents", args=[child.pk]), data)
    assert "unter 16" in " ".join(response.context["form"].errors["guardian_name"])
    assert not Consent.objects.exists()
    client.post(
        reverse("counselling:consents", args=[child.pk]), {**data, "guardian_name": "Olena K."}
    )
    assert Consent.objects.get().guardian_name == "Olena K."


def test_a_referral_consent_names_the_partner(client, counsellor_a, person):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:consents", args=[person.pk]),
        {
            "purpose": "referral",
            "text_version": "v1",
            "given_on": TODAY.isoformat(),
            "language": "de",
            "method": "verbal",
        },
    )
    assert response.context["form"].errors["partner"]
    assert not Consent.objects.exists()


def test_withdrawing_counselling_consent_stops_new_sessions(counsellor_a, case):
    consent = consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="counselling",
        partner=None,
        text_version="v1",
        given_on=TODAY,
        language="de",
        method="written",
    )
    from kausa.counselling.services.consents import consent_withdraw

    consent_withdraw(actor=counsellor_a, consent=consent, withdrawn_on=TODAY)
    with pytest.raises(ValidationError, match=r"Einwilligung|consent"):
        session_record(
            actor=counsellor_a,
            case=case,
            held_on=TODAY,
            duration_minutes=20,
            channel="phone",
            language="de",
            interpreter=False,
            topics=[],
            notes="",
        )


def test_withdrawing_matching_consent_removes_the_person_from_matching(counsellor_a, person):
    from kausa.core.models import Occupation
    from kausa.counselling.services.consents import consent_withdraw

    occupation = Occupation.objects.order_by("pk").first()
    DesiredOccupation.objects.create(person=person, occupation=occupation, rank=1)
    company = CompanyFactory(
        organisation=person.office.organisation,
        postal_code="39104",
        place="Magdeburg",
        latitude=52.13,
        longitude=11.63,
    )
    VacancyFactory(
        company=company,
        occupation=occupation,
        postal_code="39104",
        place="Magdeburg",
        latitude=52.13,
        longitude=11.63,
    )
    assert suggestions_for_person(person)
    consent = consent_record(
        actor=counsellor_a,
        person=person,
        purpose="matching",
        partner=None,
        text_version="v1",
        given_on=TODAY,
        language="de",
        method="written",
    )
    assert suggestions_for_person(person)
    consent_withdraw(actor=counsellor_a, consent=consent, withdrawn_on=TODAY)
    assert suggestions_for_person(person) == []


def _full_record(counsellor, office, partner, topic) -> Person:
    """A person with the marker in names, contact, sensitive data, notes and referrals."""
    person = PersonFactory(
        office=office,
        first_name=f"{MARKER}Amal",
        last_name=f"{MARKER}Nasser",
        email=f"{MARKER.lower()}@example.org",
        phone="+49 170 1234567",
    )
    PersonSensitive.objects.filter(person=person).update(residence_status="tolerated")
    case = Case.objects.create(
        office=office, person=person, counsellor=counsellor, stage="in_counselling", opened_on=TODAY
    )
    session_record(
        actor=counsellor,
        case=case,
        held_on=TODAY,
        duration_minutes=30,
        channel="in_person",
        language="ar",
        interpreter=True,
        topics=[topic],
        notes=f"Notiz {MARKER} zur Duldung",
    )
    next_step_add(
        actor=counsellor, case=case, title=f"Termin {MARKER}", due_on=TODAY, owner=counsellor
    )
    consent_record(
        actor=counsellor,
        person=person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=TODAY,
        language="ar",
        method="written",
        guardian_name=f"{MARKER} Vater",
    )
    referral_create(
        actor=counsellor,
        case=case,
        partner=partner,
        topic=topic,
        shared_fields=["name", "residence"],
        message=f"Bitte {MARKER}",
    )
    vacancy = VacancyFactory(company=CompanyFactory(organisation=office.organisation))
    Proposal.objects.create(office=office, person=person, vacancy=vacancy, created_by=counsellor)
    return person


def _marker_hits() -> list[str]:
    """Where the marker is still stored: every table read with raw SQL, the encrypted columns
    decrypted, the session data decoded and the task queue (see test_erasure_complete)."""
    from kausa.counselling.tests.test_erasure_complete import marker_hits

    return marker_hits(MARKER)


def test_export_contains_everything_and_is_audited(client, counsellor_a, office_a, partner, topic):
    person = _full_record(counsellor_a, office_a, partner, topic)
    client.force_login(counsellor_a)
    response = client.get(reverse("counselling:export_json", args=[person.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    data = json.loads(response.content)
    assert data["person"]["last_name"] == f"{MARKER}Nasser"
    assert data["sensitive"]["residence_status"]
    session = data["cases"][0]["sessions"][0]
    assert session["notes"] == f"Notiz {MARKER} zur Duldung" and session["interpreter"] is True
    assert data["cases"][0]["referrals"][0]["message"] == f"Bitte {MARKER}"
    assert data["consents"][0]["guardian_name"] == f"{MARKER} Vater"
    assert len(data["proposals"]) == 1
    document = client.get(reverse("counselling:export_document", args=[person.pk]))
    assert f"Notiz {MARKER} zur Duldung" in document.content.decode()
    assert AuditEntry.objects.filter(action="people.person.exported").count() == 2


def test_erasure_leaves_no_trace_but_a_pseudonymised_audit_entry(
    client, counsellor_a, office_a, partner, topic
):
    person = _full_record(counsellor_a, office_a, partner, topic)
    assert _marker_hits()  # the scan finds the plaintext columns before erasure
    client.force_login(counsellor_a)
    response = client.post(reverse("counselling:erase", args=[person.pk]), {"confirm": "nein"})
    assert response.status_code == 200 and Person.objects.filter(pk=person.pk).exists()

    response = client.post(reverse("counselling:erase", args=[person.pk]), {"confirm": "LÖSCHEN"})
    assert response.status_code == 302
    assert _marker_hits() == []
    for model in (Person, Case, Consent, Proposal):
        assert not model.objects.exists()
    entry = AuditEntry.objects.get(action="people.person.erased")
    assert entry.object_id == str(person.pk) and entry.changed_fields == []


def test_retention_erases_after_the_period_keeps_counts_and_is_idempotent(
    counsellor_a, office_a, partner, topic, settings
):
    settings.RETENTION_MONTHS = 24
    old = _full_record(counsellor_a, office_a, partner, topic)
    recent = PersonFactory(office=office_a)
    ongoing = PersonFactory(office=office_a)
    long_ago = timezone.now() - datetime.timedelta(days=25 * 31)
    Case.objects.filter(person=old).update(
        closed_at=long_ago, stage="ended", end_reason="goal_reached"
    )
    Case.objects.create(
        office=office_a,
        person=recent,
        counsellor=counsellor_a,
        opened_on=TODAY,
        closed_at=timezone.now() - datetime.timedelta(days=300),
    )
    Case.objects.create(office=office_a, person=ongoing, counsellor=counsellor_a, opened_on=TODAY)

    assert apply_retention() == 1
    assert set(Person.objects.values_list("pk", flat=True)) == {recent.pk, ongoing.pk}
    assert _marker_hits() == []
    count = RetainedCount.objects.get()
    assert (count.cases, count.sessions, count.referrals) == (1, 1, 1)
    assert (count.final_stage, count.end_reason, count.year_closed) == (
        "ended",
        "goal_reached",
        long_ago.year,
    )
    assert AuditEntry.objects.filter(action="people.person.erased_retention").count() == 1
    assert apply_retention() == 0
    assert RetainedCount.objects.get().cases == 1
