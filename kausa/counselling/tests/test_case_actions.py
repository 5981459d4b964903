"""Case actions say why they are missing: no second case, no hand-over without colleagues."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import Role
from kausa.core.tests.factories import PersonFactory, UserFactory
from kausa.counselling.services.cases import case_close, case_open_for_person

pytestmark = pytest.mark.django_db
OPEN_LINK = "counselling:person_open"


def test_open_a_case_is_offered_only_while_no_case_is_open(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    client.force_login(counsellor_a)
    panel = reverse("counselling:person_panel", args=[person.pk])
    open_url = reverse(OPEN_LINK, args=[person.pk])
    assert open_url in client.get(panel).content.decode()
    case = case_open_for_person(actor=counsellor_a, person=person, opened_on=timezone.localdate())
    assert open_url not in client.get(panel).content.decode()
    case_close(actor=counsellor_a, case=case, end_reason="moved_away")
    assert open_url in client.get(panel).content.decode()


def test_the_hand_over_says_why_it_is_empty(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    case = case_open_for_person(actor=counsellor_a, person=person, opened_on=timezone.localdate())
    client.force_login(counsellor_a)
    page = client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    assert 'id="no-handover"' in page and 'name="counsellor"' not in page
    UserFactory(
        office=counsellor_a.office, organisation=counsellor_a.organisation, role=Role.COUNSELLOR
    )
    page = client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    assert 'id="no-handover"' not in page and 'name="counsellor"' in page
