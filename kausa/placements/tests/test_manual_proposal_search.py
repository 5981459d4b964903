"""The manual proposal finds a place by a posted search instead of a list of every place."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.placements.models import Proposal

pytestmark = pytest.mark.django_db


def test_a_search_lists_at_most_twenty_matching_open_places_and_one_is_proposed(
    client, counsellor_a, organisation, office_a
):
    person = PersonFactory(office=office_a)
    bakery = CompanyFactory(organisation=organisation, name="Bäckerei Sonnenschein")
    other = CompanyFactory(organisation=organisation, name="Autohaus Elbe")
    bakery_places = [VacancyFactory(company=bakery) for _ in range(22)]
    VacancyFactory(company=other)
    VacancyFactory(company=bakery, status="filled")
    client.force_login(counsellor_a)
    page = reverse("placements:person", args=[person.pk])

    assert client.get(page).context["found_places"] == []
    response = client.post(page, {"place_q": "sonnenschein"})
    found = response.context["found_places"]
    assert len(found) == 20 and {v.company_id for v in found} == {bakery.pk}
    assert {v.pk for v in found} < {v.pk for v in bakery_places}  # the filled one is not open
    body = response.content.decode()
    assert f'value="{found[0].pk}"' in body and "Bäckerei Sonnenschein –" in body
    assert '<select name="vacancy"' not in body

    assert client.post(page, {"place_q": "gibt es nicht"}).context["found_places"] == []
    client.post(reverse("placements:create", args=[person.pk]), {"vacancy": found[0].pk})
    assert list(Proposal.objects.values_list("person_id", "vacancy_id")) == [
        (person.pk, found[0].pk)
    ]
