"""The person form with a postal code spanning several districts, through HTTP (no JavaScript).

39638 Gardelegen lies in the Altmarkkreis Salzwedel (15081) and also covers Calvörde in the
Landkreis Börde (15083).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory, district
from kausa.people.models import Person
from kausa.people.tests.test_person_views import person_form_data

pytestmark = pytest.mark.django_db

ALTMARK = "15081"
BOERDE = "15083"


def _options(html: str) -> list[tuple[str, bool]]:
    select = re.search(r'<select name="district"[^>]*>(.*?)</select>', html, re.DOTALL)
    assert select is not None, "no district select"
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="([^"]*)"( selected)?', select.group(1))
    ]


def test_single_district_code_shows_no_select(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("people:create"), person_form_data())
    assert response.status_code == 302
    assert Person.objects.get().district_id == "15003"
    assert 'name="district"' not in client.get(reverse("people:create")).content.decode()


def test_multi_district_code_asks_once_and_stores_the_chosen_district(client, counsellor_a):
    client.force_login(counsellor_a)
    data = person_form_data(postal_code="39638", place="Gardelegen")
    first = client.post(reverse("people:create"), data)
    assert first.status_code == 200
    assert not Person.objects.exists()
    assert not AuditEntry.objects.filter(action="people.person.created").exists()
    assert "district" in first.context["form"].errors
    # Main district first; the entered place (Gardelegen) preselects its district.
    assert _options(first.content.decode()) == [("", False), (ALTMARK, True), (BOERDE, False)]

    second = client.post(reverse("people:create"), {**data, "district": BOERDE})
    assert second.status_code == 302
    person = Person.objects.get()
    assert person.district_id == BOERDE
    assert person.place == "Gardelegen"


def test_entered_place_preselects_the_other_district(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:create"), person_form_data(postal_code="39638", place="Calvörde")
    )
    assert response.status_code == 200
    assert _options(response.content.decode()) == [("", False), (ALTMARK, False), (BOERDE, True)]


def test_forged_district_is_refused_and_nothing_saved(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:create"),
        person_form_data(postal_code="39638", place="Calvörde", district="15003"),
    )
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert not Person.objects.exists()


def test_edit_shows_the_stored_district_and_keeps_it(client, counsellor_a):
    person = PersonFactory(
        office=counsellor_a.office,
        postal_code="39638",
        place="Calvörde",
        district=district(BOERDE),
    )
    client.force_login(counsellor_a)
    url = reverse("people:edit", args=[person.pk])
    page = client.get(url)
    assert _options(page.content.decode()) == [("", False), (ALTMARK, False), (BOERDE, True)]
    form = page.context["form"]
    post = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if not isinstance(value, (list, dict))
    }
    post.update(
        {
            "birth_date": person.birth_date.isoformat() if person.birth_date else "",
            "available_from": "",
            "max_commute_km": str(person.max_commute_km),
            "place": "Calvörde",
            "district": ALTMARK,
            "languages-TOTAL_FORMS": "0",
            "languages-INITIAL_FORMS": "0",
            "languages-MIN_NUM_FORMS": "0",
            "languages-MAX_NUM_FORMS": "8",
        }
    )
    for flag in ("lives_abroad", "has_driving_licence"):
        if not post.get(flag):
            post.pop(flag, None)
    response = client.post(url, post)
    assert response.status_code == 302, response.context["form"].errors
    person.refresh_from_db()
    assert person.district_id == ALTMARK
