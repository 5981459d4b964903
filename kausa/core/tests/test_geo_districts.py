"""Postal codes spanning several districts: choosing, deriving and refusing the district."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kausa.companies.forms import CompanyForm
from kausa.core.geo import district_of_place, location_for_postal_code
from kausa.core.models import District
from kausa.core.services import locate_by_postal_code
from kausa.core.tests.factories import CompanyFactory, PersonFactory, district
from kausa.people.models import Person
from kausa.people.services import person_create, person_update

pytestmark = pytest.mark.django_db

ALTMARK = "15081"  # Altmarkkreis Salzwedel, main district of 39638 Gardelegen
BOERDE = "15083"  # Landkreis Börde: Calvörde, also in 39638


@dataclass
class Record:
    postal_code: str
    place: str = ""
    district: District | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def district_id(self) -> str | None:
        return self.district.pk if self.district is not None else None


def test_main_district_without_a_choice():
    location = location_for_postal_code("39638", "Gardelegen")
    assert location.district.pk == ALTMARK
    assert location.place == "Gardelegen"
    assert location_for_postal_code("39638").district.pk == ALTMARK


def test_the_entered_place_picks_its_district():
    location = location_for_postal_code("39638", "Calvörde")
    assert location.district.pk == BOERDE
    assert location.place == "Calvörde"
    assert district_of_place("39638", "Calvörde") == BOERDE
    assert district_of_place("39638", "Gardelegen") == ALTMARK
    assert district_of_place("39638", "") is None
    assert district_of_place("39638", "Magdeburg") is None


def test_a_chosen_district_of_the_code_wins():
    location = location_for_postal_code("39638", "Gardelegen", BOERDE)
    assert location.district.pk == BOERDE


@pytest.mark.parametrize("foreign", ["15003", "02000", "99999"])
def test_a_district_not_belonging_to_the_code_is_refused(foreign: str):
    with pytest.raises(ValidationError) as raised:
        location_for_postal_code("39638", "Calvörde", foreign)
    assert list(raised.value.error_dict) == ["district"]
    record = Record(postal_code="39638", place="Calvörde")
    with pytest.raises(ValidationError):
        locate_by_postal_code(record, district_key=foreign)
    assert record.district is None and record.latitude is None


def test_locate_keeps_an_earlier_choice_and_otherwise_follows_the_place():
    record = Record(postal_code="39638", place="Gardelegen", district=district(BOERDE))
    locate_by_postal_code(record)
    assert record.district is not None and record.district.pk == BOERDE
    # A district the new code does not touch is replaced: by the place's, else the main one.
    moved = Record(postal_code="39638", place="Calvörde", district=district("15003"))
    locate_by_postal_code(moved)
    assert moved.district is not None and moved.district.pk == BOERDE
    plain = Record(postal_code="39104", place="", district=district(BOERDE))
    locate_by_postal_code(plain)
    assert plain.district is not None and plain.district.pk == "15003"
    assert plain.place == "Magdeburg"


def _person_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Amina",
        "last_name": "Haidari",
        "postal_code": "39638",
        "place": "Gardelegen",
    }
    data.update(overrides)
    return data


def test_person_service_stores_the_chosen_district(counsellor_a):
    person = person_create(
        actor=counsellor_a,
        office=counsellor_a.office,
        data=_person_data(district=district(BOERDE)),
    )
    person.refresh_from_db()
    assert person.district_id == BOERDE
    # Editing something else keeps the choice.
    person_update(actor=counsellor_a, person=person, data={"first_name": "Amira"})
    person.refresh_from_db()
    assert person.district_id == BOERDE


def test_person_service_refuses_a_foreign_district_and_saves_nothing(counsellor_a):
    with pytest.raises(ValidationError) as raised:
        person_create(
            actor=counsellor_a,
            office=counsellor_a.office,
            data=_person_data(district=district("15003")),
        )
    assert "district" in raised.value.error_dict
    assert not Person.objects.exists()
    person = PersonFactory(office=counsellor_a.office)
    before = person.district_id
    with pytest.raises(ValidationError):
        person_update(
            actor=counsellor_a,
            person=person,
            data={"postal_code": "39638", "place": "", "district": district("15003")},
        )
    person.refresh_from_db()
    assert person.district_id == before


def _company_post(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Bäckerei Calvörde",
        "street": "Breite Straße 1",
        "postal_code": "39638",
        "place": "Calvörde",
        "size": "small",
        "sector": "C",
        "training_status": "",
        "competent_body": "HWK",
        "email": "",
        "phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_company_form_asks_for_the_district_only_when_the_code_spans_several(organisation):
    from django.http import QueryDict

    def form_for(**overrides: str) -> CompanyForm:
        query = QueryDict(mutable=True)
        query.update(_company_post(**overrides))
        query.setlist("languages", ["de", "tr"])
        return CompanyForm(query)

    single = form_for(postal_code="39104", place="")
    assert "district" not in single.fields
    first = form_for()
    assert list(first.fields).index("district") == list(first.fields).index("place") + 1
    keys = [key for key, _label in first.fields["district"].widget.choices if key]
    assert keys == [ALTMARK, BOERDE]
    if first.is_valid():  # other fields may be required; the district must not be
        pytest.fail("a multi-district code without a chosen district must not validate")
    assert first.errors["district"]
    # The district of the entered place is preselected, and other values survive.
    assert first.data["district"] == BOERDE
    assert first.data.getlist("languages") == ["de", "tr"]
    chosen = form_for(district=BOERDE)
    chosen.is_valid()
    assert "district" not in chosen.errors
    assert chosen.cleaned_data["district"].pk == BOERDE
    assert chosen.district_data() == {"district": district(BOERDE)}
    # A district the code does not touch (e.g. left from an earlier code) asks again.
    stale = form_for(district="15003")
    assert not stale.is_valid()
    assert stale.errors["district"]


def test_company_form_shows_the_stored_district_when_editing(organisation):
    company = CompanyFactory(
        organisation=organisation, postal_code="39638", place="Calvörde", district=district(BOERDE)
    )
    form = CompanyForm(initial=CompanyForm.initial_for(company))
    assert "district" in form.fields
    assert form["district"].value() == BOERDE
    assert 'value="15083" selected' in str(form["district"])


def test_company_form_through_http_stores_the_chosen_district(client, counsellor_a):
    from django.urls import reverse

    from kausa.companies.models import Company
    from kausa.companies.tests.test_company_views import company_data

    client.force_login(counsellor_a)
    data = company_data(postal_code="39638", place="Calvörde")
    first = client.post(reverse("companies:create"), data)
    assert first.status_code == 200
    assert not Company.objects.exists()
    html = first.content.decode()
    assert '<option value="15083" selected>' in html
    # The languages chosen survive the round trip.
    assert '<option value="vi" selected>' in html
    second = client.post(reverse("companies:create"), {**data, "district": BOERDE})
    assert second.status_code == 302
    company = Company.objects.get()
    assert (company.place, company.district_id) == ("Calvörde", BOERDE)
    assert sorted(company.languages.values_list("language", flat=True)) == ["de", "vi"]
