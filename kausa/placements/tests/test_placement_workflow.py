"""Suggestions, proposals and their status path, through HTTP on the real engine."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.models import AuditEntry, Occupation
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.people.models import DesiredOccupation, PersonSensitive
from kausa.placements.adapter import suggestions_for_person
from kausa.placements.models import Proposal

pytestmark = pytest.mark.django_db

MAGDEBURG = {"postal_code": "39104", "place": "Magdeburg", "latitude": 52.13, "longitude": 11.63}
DESSAU = {"postal_code": "06844", "place": "Dessau-Roßlau", "latitude": 51.83, "longitude": 12.24}


@pytest.fixture
def occupations():
    return list(Occupation.objects.order_by("pk")[:2])


@pytest.fixture
def person(office_a, occupations):
    person = PersonFactory(office=office_a, max_commute_km=30, german_level=4, **MAGDEBURG)
    DesiredOccupation.objects.create(person=person, occupation=occupations[0], rank=1)
    return person


@pytest.fixture
def places(organisation, occupations):
    company = CompanyFactory(organisation=organisation, **MAGDEBURG)
    far_company = CompanyFactory(organisation=organisation, **DESSAU)
    return {
        "near": VacancyFactory(company=company, occupation=occupations[0], **MAGDEBURG),
        "far": VacancyFactory(company=far_company, occupation=occupations[0], **DESSAU),
        "other": VacancyFactory(company=company, occupation=occupations[1], **MAGDEBURG),
    }


def test_person_page_lists_suggested_places_with_their_factors(
    client, counsellor_a, person, places
):
    client.force_login(counsellor_a)
    response = client.get(reverse("placements:person", args=[person.pk]))
    suggestions = response.context["suggestions"]
    assert [item.vacancy for item in suggestions] == [places["near"]]  # Dessau is beyond 30 km
    body = response.content.decode()
    assert "Arbeitsweg" in body and "Deutschniveau" in body
    factors = suggestions[0].factors
    assert abs(sum(f.contribution for f in factors) - suggestions[0].score) < 0.01


def test_protected_attributes_do_not_change_suggestions(person, places):
    before = [(s.vacancy.pk, s.score) for s in suggestions_for_person(person)]
    PersonSensitive.objects.filter(person=person).update(
        residence_status="asylum_pending", has_refugee_background=False
    )
    assert [(s.vacancy.pk, s.score) for s in suggestions_for_person(person)] == before


def test_proposing_a_suggestion_records_score_factors_and_audit(
    client, counsellor_a, person, places
):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("placements:create", args=[person.pk]), {"vacancy": places["near"].pk}
    )
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("placements:proposal", args=[proposal.pk])
    assert proposal.source == "suggestion" and proposal.score > 0
    assert {item["factor"] for item in proposal.factors} >= {"occupation_fit", "commute"}
    assert AuditEntry.objects.filter(action="placements.proposal.created").count() == 1


def test_a_place_outside_the_suggestions_is_a_manual_proposal(client, counsellor_a, person, places):
    client.force_login(counsellor_a)
    client.post(reverse("placements:create", args=[person.pk]), {"vacancy": places["far"].pk})
    proposal = Proposal.objects.get()
    assert proposal.source == "manual" and proposal.score is None
    assert AuditEntry.objects.filter(action="placements.proposal.created_manually").count() == 1
    again = client.post(
        reverse("placements:create", args=[person.pk]), {"vacancy": places["far"].pk}, follow=True
    )
    assert "bereits für diesen Ausbildungsplatz vorgeschlagen" in again.content.decode()
    assert Proposal.objects.count() == 1


def test_status_moves_forward_and_declines_need_a_reason(client, counsellor_a, person, places):
    client.force_login(counsellor_a)
    client.post(reverse("placements:create", args=[person.pk]), {"vacancy": places["near"].pk})
    proposal = Proposal.objects.get()
    url = reverse("placements:proposal", args=[proposal.pk])

    skipped = client.post(url, {"status": "contract_signed"})
    assert skipped.status_code == 200
    assert client.post(url, {"status": "application_sent"}).status_code == 302
    no_reason = client.post(url, {"status": "declined_by_company"})
    assert "Bitte den Grund für die Absage angeben." in no_reason.content.decode()
    assert (
        client.post(
            url, {"status": "declined_by_company", "decline_reason": "language"}
        ).status_code
        == 302
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == ("declined_by_company", "language")
    assert client.post(url, {"status": "interview"}).status_code == 200  # closed
    history = list(proposal.history.values_list("status", flat=True))
    assert history == ["proposed", "application_sent", "declined_by_company"]
    actions = AuditEntry.objects.filter(action__startswith="placements.proposal.")
    assert actions.count() == 3


def test_vacancy_page_lists_candidates_of_the_own_office_only(
    client, counsellor_a, counsellor_b, person, places, occupations
):
    other = PersonFactory(office=counsellor_b.office, max_commute_km=30, **MAGDEBURG)
    DesiredOccupation.objects.create(person=other, occupation=occupations[0], rank=1)
    client.force_login(counsellor_a)
    response = client.get(reverse("placements:vacancy", args=[places["near"].pk]))
    assert [item.person for item in response.context["suggestions"]] == [person]
    client.force_login(counsellor_b)
    response = client.get(reverse("placements:vacancy", args=[places["near"].pk]))
    assert [item.person for item in response.context["suggestions"]] == [other]


def test_read_only_colleague_cannot_propose(client, reader_a, person, places):
    client.force_login(reader_a)
    response = client.post(
        reverse("placements:create", args=[person.pk]), {"vacancy": places["near"].pk}
    )
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_weights_change_the_ranking_and_are_audited(client, team_lead, person, places):
    client.force_login(team_lead)
    url = reverse("placements:weights") + f"?office={person.office_id}"
    data = {
        "occupation_fit": "1",
        "commute": "0",
        "german_level": "0",
        "school_certificate": "0",
        "start_date": "0",
        "driving_licence": "0",
        "shared_language": "0",
        "cap_multiple": "3",
    }
    assert client.post(url, data).status_code == 302
    assert suggestions_for_person(person)[0].score == 1.0  # only the wish counts now
    assert AuditEntry.objects.filter(action="placements.weights.updated").count() == 1
    zero = client.post(url, {**data, "occupation_fit": "0"})
    assert "Mindestens ein Gewicht muss größer als null sein." in zero.content.decode()


def test_person_page_embeds_the_best_suggestions(client, counsellor_a, person, places):
    client.force_login(counsellor_a)
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("placements:person", args=[person.pk]) in page  # loaded by htmx, or a link
    short = client.get(reverse("placements:person", args=[person.pk]), HTTP_HX_REQUEST="true")
    body = short.content.decode()
    assert places["near"].company.name in body and "<html" not in body
