"""After a signed contract the proposal page offers to move the case to "training started"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.tests.factories import PersonFactory, VacancyFactory
from kausa.counselling.services.cases import case_open_for_person
from kausa.placements.models import Proposal

pytestmark = pytest.mark.django_db


def _proposal(counsellor, status: str) -> Proposal:
    person = PersonFactory(office=counsellor.office)
    case_open_for_person(actor=counsellor, person=person, opened_on=timezone.localdate())
    return Proposal.objects.create(
        office=counsellor.office,
        person=person,
        vacancy=VacancyFactory(),
        status=status,
        source=Proposal.Source.MANUAL,
    )


def test_a_signed_contract_offers_the_training_start_and_it_moves_the_case(client, counsellor_a):
    proposal = _proposal(counsellor_a, "contract_signed")
    case = proposal.person.cases.get()
    client.force_login(counsellor_a)
    page = client.get(reverse("placements:proposal", args=[proposal.pk])).content.decode()
    assert 'id="training-start"' in page
    assert f'action="{reverse("counselling:stage", args=[case.pk])}"' in page
    assert case.stage != "training_started"  # offered, not done automatically
    client.post(reverse("counselling:stage", args=[case.pk]), {"stage": "training_started"})
    case.refresh_from_db()
    assert case.stage == "training_started"
    page = client.get(reverse("placements:proposal", args=[proposal.pk])).content.decode()
    assert 'id="training-start"' not in page


def test_no_offer_before_the_contract_or_for_readers(client, counsellor_a, reader_a):
    client.force_login(counsellor_a)
    interview = _proposal(counsellor_a, "interview")
    page = client.get(reverse("placements:proposal", args=[interview.pk])).content.decode()
    assert 'id="training-start"' not in page
    signed = _proposal(counsellor_a, "contract_signed")
    client.force_login(reader_a)
    page = client.get(reverse("placements:proposal", args=[signed.pk])).content.decode()
    assert 'id="training-start"' not in page
