"""An office-wide matching run: queued by a counsellor, computed by the real worker, reviewed."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from kausa.core.models import AuditEntry, Occupation
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.people.models import DesiredOccupation
from kausa.placements.models import MatchingRun, Proposal

MAGDEBURG = {"postal_code": "39104", "place": "Magdeburg", "latitude": 52.13, "longitude": 11.63}


@pytest.mark.django_db(transaction=True)
def test_run_assigns_stably_and_proposes_nothing_until_accepted(client, counsellor_a, organisation):
    occupation = Occupation.objects.order_by("pk").first()
    people = []
    for level in (6, 4, 2):  # the place has one seat; the best German level should win it
        person = PersonFactory(
            office=counsellor_a.office, german_level=level, max_commute_km=30, **MAGDEBURG
        )
        DesiredOccupation.objects.create(person=person, occupation=occupation, rank=1)
        people.append(person)
    company = CompanyFactory(organisation=organisation, **MAGDEBURG)
    vacancy = VacancyFactory(
        company=company, occupation=occupation, seats=1, required_german_level=5, **MAGDEBURG
    )

    client.force_login(counsellor_a)
    response = client.post(reverse("placements:runs"))
    run = MatchingRun.objects.get()
    assert response["Location"] == reverse("placements:run", args=[run.pk])
    assert run.state == "queued"

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    run.refresh_from_db()
    assert (run.state, run.progress, run.people_count, run.places_count) == ("done", 100, 3, 1)
    pair = run.pairs.get()
    assert (pair.person, pair.vacancy) == (people[0], vacancy)
    assert not Proposal.objects.exists()  # a run proposes nothing by itself

    page = client.get(reverse("placements:run", args=[run.pk]))
    assert people[0].full_name in page.content.decode()
    client.post(reverse("placements:run_accept", args=[run.pk, pair.pk]))
    proposal = Proposal.objects.get()
    assert (proposal.source, proposal.person) == ("matching_run", people[0])
    assert AuditEntry.objects.filter(action="placements.proposal.created_from_run").count() == 1
    page = client.get(reverse("placements:run", args=[run.pk])).content.decode()
    assert "bereits vorgeschlagen" in page


@pytest.mark.django_db
def test_htmx_polls_the_progress_of_an_unfinished_run(client, counsellor_a):
    run = MatchingRun.objects.create(office=counsellor_a.office, state="running", progress=60)
    client.force_login(counsellor_a)
    response = client.get(reverse("placements:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'hx-trigger="every 2s"' in body and "60 %" in body
    assert "<html" not in body


@pytest.mark.django_db
def test_read_only_colleague_cannot_start_a_run(client, reader_a):
    client.force_login(reader_a)
    assert client.post(reverse("placements:runs")).status_code == 403
    assert not MatchingRun.objects.exists()
