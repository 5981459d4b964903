"""Office isolation of every counselling URL: another office gets 404, read-only gets 403."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.tests.factories import CompanyFactory
from kausa.counselling.models import Case, NextStep, Referral
from kausa.counselling.services.consents import consent_record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def records(counsellor_a, case, partner, topic):
    consent = consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=TODAY,
        language="de",
        method="written",
    )
    referral = Referral.objects.create(
        case=case, partner=partner, topic=topic, consent=consent, shared_fields=["name"]
    )
    step = NextStep.objects.create(case=case, title="Anruf", due_on=TODAY, owner=counsellor_a)
    company_case = Case.objects.create(
        office=case.office,
        company=CompanyFactory(organisation=case.office.organisation),
        counsellor=counsellor_a,
        stage="counselling",
        opened_on=TODAY,
    )
    return {
        "person": case.person.pk,
        "case": case.pk,
        "referral": referral.pk,
        "step": step.pk,
        "consent": consent.pk,
        "company_case": company_case.pk,
    }


# route -> (record whose pk the URL names, method)
ROUTES = {
    "counselling:person_open": ("person", "post"),
    "counselling:person_panel": ("person", "get"),
    "counselling:consents": ("person", "get"),
    "counselling:data_rights": ("person", "get"),
    "counselling:export_json": ("person", "get"),
    "counselling:export_document": ("person", "get"),
    "counselling:erase": ("person", "post"),
    "counselling:case": ("case", "get"),
    "counselling:session_create": ("case", "post"),
    "counselling:step_create": ("case", "post"),
    "counselling:stage": ("case", "post"),
    "counselling:close": ("case", "post"),
    "counselling:reopen": ("case", "post"),
    "counselling:handover": ("case", "post"),
    "counselling:refer": ("case", "get"),
    "counselling:step_done": ("step", "post"),
    "counselling:step_reopen": ("step", "post"),
    "counselling:followup_plan": ("case", "post"),
    "counselling:followup_done": ("case", "post"),
    "counselling:followup_warning": ("case", "post"),
    "counselling:followup_outcome": ("case", "post"),
    "counselling:referral": ("referral", "get"),
    "counselling:referral_status": ("referral", "post"),
    "counselling:referral_email": ("referral", "post"),
    "counselling:referral_handout": ("referral", "get"),
    "counselling:consent_withdraw": ("consent", "post"),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_another_office_gets_404(client, counsellor_b, records, route):
    record, method = ROUTES[route]
    client.force_login(counsellor_b)
    response = getattr(client, method)(reverse(route, args=[records[record]]))
    assert response.status_code == 404, route
    assert Case.objects.get(pk=records["case"]).closed_at is None


@pytest.mark.parametrize("route", sorted(r for r, (_rec, m) in ROUTES.items() if m == "post"))
def test_read_only_colleague_cannot_write(client, reader_a, records, route):
    record, _method = ROUTES[route]
    client.force_login(reader_a)
    response = client.post(reverse(route, args=[records[record]]), {"confirm": "LÖSCHEN"})
    assert response.status_code == 403, route


def test_team_lead_reads_cases_but_not_notes(client, team_lead, counsellor_a, records):
    from kausa.counselling.services.sessions import session_record

    case = Case.objects.get(pk=records["case"])
    session_record(
        actor=counsellor_a,
        case=case,
        held_on=TODAY,
        duration_minutes=30,
        channel="phone",
        language="de",
        interpreter=False,
        topics=[],
        notes="Vertrauliche Notiz",
    )
    client.force_login(team_lead)
    response = client.get(reverse("counselling:case", args=[case.pk]))
    assert response.status_code == 200
    assert "Vertrauliche Notiz" not in response.content.decode()
    assert client.get(reverse("counselling:export_json", args=[case.person_id])).status_code == 403


COLLECTION_ROUTES = {"counselling:list", "counselling:followup_settings"}


def test_every_counselling_route_is_checked_here():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = {
        f"counselling:{name}"
        for name in resolver.namespace_dict["counselling"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(ROUTES) | COLLECTION_ROUTES | {
        "counselling:company_panel",
        "counselling:company_open",
    }


@pytest.mark.parametrize("route", ["counselling:company_panel", "counselling:company_open"])
def test_company_routes_answer_404_to_another_organisation(client, outsider, route):
    company = CompanyFactory()
    client.force_login(outsider)
    assert client.get(reverse(route, args=[company.pk])).status_code == 404


@pytest.mark.parametrize("route", sorted(COLLECTION_ROUTES))
def test_collection_routes_need_a_login(client, route):
    response = client.get(reverse(route))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_services_refuse_writes_outside_the_owning_office(
    counsellor_b, reader_a, team_lead, records
):
    """Commands and the worker reach the services without a view: they re-check the rule."""
    from kausa.core.access import WriteDenied
    from kausa.counselling.services.cases import case_close
    from kausa.counselling.services.referrals import referral_set_status
    from kausa.counselling.services.sessions import next_step_complete

    case = Case.objects.get(pk=records["case"])
    for actor in (counsellor_b, reader_a, team_lead):
        with pytest.raises(WriteDenied):
            case_close(actor=actor, case=case, end_reason="other")
        with pytest.raises(WriteDenied):
            next_step_complete(actor=actor, step=NextStep.objects.get(pk=records["step"]))
        with pytest.raises(WriteDenied):
            referral_set_status(
                actor=actor, referral=Referral.objects.get(pk=records["referral"]), status="done"
            )
    case.refresh_from_db()
    assert case.closed_at is None
