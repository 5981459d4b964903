"""The desired occupations and a place's occupation are typed and searched, not picked from a
select of 330 entries: a datalist offers "name · KldB code group"; synonyms, other languages
and typos resolve on the server; unclear text gets a German message naming the candidates."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kausa.core.models import Occupation
from kausa.core.occupation_field import occupation_label
from kausa.people.models import Person
from kausa.people.tests.test_person_views import person_form_data
from kausa.vacancies.models import Vacancy
from kausa.vacancies.tests.test_vacancy_views import vacancy_data

pytestmark = pytest.mark.django_db


def _wishes(last_name: str) -> list[str]:
    person = Person.objects.get(last_name=last_name)
    return list(
        person.desired_occupations.order_by("rank").values_list("occupation__key", flat=True)
    )


def test_the_person_form_has_a_search_input_with_kldb_suggestions(client, counsellor_a):
    client.force_login(counsellor_a)
    html = client.get(reverse("people:create")).content.decode()
    assert '<select name="occupation_1"' not in html
    field = re.search(r'<input type="text" name="occupation_1"[^>]*>', html)
    assert field and 'list="id_occupation_1_options"' in field.group(0)
    options = re.search(r'<datalist id="id_occupation_1_options">(.*?)</datalist>', html, re.S)
    assert options
    cook = Occupation.objects.get(key="koch-koechin")
    assert f'<option value="{occupation_label(cook)}">' in options.group(1)
    assert "KldB 29302" in occupation_label(cook) or f"KldB {cook.kldb_code}" in occupation_label(
        cook
    )


def test_suggestion_synonym_arabic_and_a_typo_resolve_to_the_occupation(client, counsellor_a):
    cook = Occupation.objects.get(key="koch-koechin")
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:create"),
        person_form_data(
            occupation_1=occupation_label(cook),  # chosen from the suggestions
            occupation_2="Zahnarzthelferin",  # a common job title
            occupation_3="Tischlr",  # a typo
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    assert _wishes("Rahimi") == [
        "koch-koechin",
        "zahnmedizinische-r-fachangestellte-r",
        "tischler-in",
    ]


def test_arabic_text_finds_the_cook(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("people:create"), person_form_data(occupation_1="طباخ"))
    assert response.status_code == 302, response.context["form"].errors
    assert _wishes("Rahimi") == ["koch-koechin"]


def test_ambiguous_text_names_the_candidates_and_saves_nothing(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("people:create"), person_form_data(occupation_1="Kaufmann"))
    assert response.status_code == 200
    assert not Person.objects.filter(last_name="Rahimi").exists()
    message = " ".join(response.context["form"].errors["occupation_1"])
    assert (
        "Kaufmann/-frau im Einzelhandel" in message
        and "Kaufmann/-frau für Büromanagement" in message
    )
    assert "mehrere" in message or "several" in message
    html = response.content.decode()
    assert 'value="Kaufmann"' in html  # what was typed stays in the field
    assert 'class="error-summary"' in html


def test_nonsense_gets_a_message_and_saves_nothing(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("people:create"), person_form_data(occupation_1="xqzvbn"))
    assert response.status_code == 200
    assert "occupation_1" in response.context["form"].errors
    assert not Person.objects.filter(last_name="Rahimi").exists()


def test_a_place_is_saved_with_the_searched_occupation(client, counsellor_a, organisation):
    from kausa.core.tests.factories import CompanyFactory

    company = CompanyFactory(organisation=organisation)
    client.force_login(counsellor_a)
    html = client.get(reverse("vacancies:create")).content.decode()
    assert '<select name="occupation"' not in html and 'list="id_occupation_options"' in html
    response = client.post(reverse("vacancies:create"), vacancy_data(company, occupation="Koch"))
    assert response.status_code == 302, response.context["form"].errors
    assert Vacancy.objects.get(company=company).occupation.key == "koch-koechin"
    bad = client.post(reverse("vacancies:create"), vacancy_data(company, occupation="Kaufmann"))
    assert bad.status_code == 200 and "occupation" in bad.context["form"].errors
    assert Vacancy.objects.filter(company=company).count() == 1


def test_the_edit_page_shows_the_stored_wish_as_its_suggestion_text(client, counsellor_a):
    cook = Occupation.objects.get(key="koch-koechin")
    client.force_login(counsellor_a)
    client.post(reverse("people:create"), person_form_data(occupation_1="Koch"))
    person = Person.objects.get(last_name="Rahimi")
    html = client.get(reverse("people:edit", args=[person.pk])).content.decode()
    field = re.search(r'<input type="text" name="occupation_1"[^>]*>', html).group(0)
    assert f'value="{occupation_label(cook)}"' in field
