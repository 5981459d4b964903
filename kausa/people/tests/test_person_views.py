"""People through HTTP: registration, validation, editing, archive, search."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.people.models import Person

pytestmark = pytest.mark.django_db


def filter_people(client, **filters):
    """Search as the page does: the filters are posted and the list answers the POST."""
    return client.post(reverse("people:list"), filters)


def person_form_data(**overrides):
    data = {
        "first_name": "Yusuf",
        "last_name": "Rahimi",
        "birth_date": "2007-03-14",
        "email": "yusuf.rahimi@example.org",
        "phone": "",
        "country_of_residence": "",
        "postal_code": "39104",
        "place": "",
        "german_level": "3",
        "school_certificate": "2",
        "school_certificate_country": "Afghanistan",
        "recognition_status": "in_progress",
        "max_commute_km": "25",
        "available_from": "2027-08-01",
        "occupation_1": "",
        "occupation_2": "",
        "occupation_3": "",
        "languages-TOTAL_FORMS": "4",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "8",
        "languages-0-language": "prs",
        "languages-0-level": "4",
        "languages-1-language": "en",
        "languages-1-level": "2",
    }
    data.update(overrides)
    return data


def test_counsellor_registers_a_person_with_location_languages_and_audit(client, counsellor_a):
    from kausa.core.models import Occupation

    first, second = Occupation.objects.order_by("name")[:2]
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:create"),
        person_form_data(occupation_1=str(second.pk), occupation_2=str(first.pk)),
    )
    person = Person.objects.get(last_name="Rahimi")
    assert response.status_code == 302
    assert response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.office == counsellor_a.office
    assert person.place == "Magdeburg"
    assert person.district_id == "15003"
    assert 52.0 < person.latitude < 52.3 and 11.4 < person.longitude < 11.8
    assert sorted(person.languages.values_list("language", "level")) == [("en", 2), ("prs", 4)]
    assert list(person.desired_occupations.values_list("occupation_id", flat=True)) == [
        second.pk,
        first.pk,
    ]
    entry = AuditEntry.objects.get(action="people.person.created")
    assert (entry.actor, entry.object_id, entry.office) == (
        counsellor_a,
        str(person.pk),
        counsellor_a.office,
    )


def test_unknown_postal_code_is_rejected_in_german_and_changes_nothing(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("people:create"), person_form_data(postal_code="00000"))
    assert response.status_code == 200
    assert "Die Postleitzahl 00000 gibt es in Deutschland nicht." in response.content.decode()
    assert not Person.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "2999-01-01"}, "Das Geburtsdatum darf nicht in der Zukunft liegen."),
        ({"postal_code": "123"}, "Bitte eine fünfstellige Postleitzahl eingeben."),
        ({"postal_code": ""}, "Bitte die Postleitzahl des Wohnorts eingeben."),
        ({"max_commute_km": "900"}, "Bitte höchstens 300 km als Arbeitsweg eingeben."),
        ({"languages-0-level": ""}, "Bitte das Niveau für diese Sprache wählen."),
        ({"first_name": ""}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_invalid_person_input_gets_a_german_message(client, counsellor_a, overrides, message):
    client.force_login(counsellor_a)
    response = client.post(reverse("people:create"), person_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_same_desired_occupation_twice_is_rejected(client, counsellor_a):
    from kausa.core.models import Occupation

    occupation = Occupation.objects.first()
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:create"),
        person_form_data(occupation_1=str(occupation.pk), occupation_2=str(occupation.pk)),
    )
    assert "Jeder Berufswunsch darf nur einmal gewählt werden." in response.content.decode()
    assert not Person.objects.exists()


def test_person_abroad_needs_a_country_but_no_postal_code(client, counsellor_a):
    client.force_login(counsellor_a)
    data = person_form_data(postal_code="", lives_abroad="on", country_of_residence="")
    response = client.post(reverse("people:create"), data)
    assert "Bitte das Land angeben, in dem die Person lebt." in response.content.decode()
    data["country_of_residence"] = "Marokko"
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.lives_abroad and person.district is None and person.latitude is None


def test_edit_records_changed_field_names_only(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office, last_name="Rahimi")
    client.force_login(counsellor_a)
    data = person_form_data(first_name=person.first_name, last_name="Rahimi-Noori")
    data["birth_date"] = person.birth_date.isoformat()
    response = client.post(reverse("people:edit", args=[person.pk]), data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.last_name == "Rahimi-Noori"
    entry = AuditEntry.objects.get(action="people.person.updated")
    assert "last_name" in entry.changed_fields
    assert "first_name" not in entry.changed_fields
    assert "Rahimi" not in str(entry.changed_fields)


def test_archive_hides_from_list_and_restore_brings_back(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office, last_name="Archivtest")
    client.force_login(counsellor_a)
    client.post(reverse("people:archive", args=[person.pk]))
    person.refresh_from_db()
    assert person.archived_at is not None
    listing = client.get(reverse("people:list")).content.decode()
    assert "Archivtest" not in listing
    assert "Archivtest" in filter_people(client, include_archived="on").content.decode()
    client.post(reverse("people:archive", args=[person.pk]), {"restore": "1"})
    person.refresh_from_db()
    assert person.archived_at is None
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["people.person.archived", "people.person.restored"]


def test_search_tolerates_typos_and_accents(client, counsellor_a):
    PersonFactory(office=counsellor_a.office, first_name="Mohammad", last_name="Al-Haddad")
    PersonFactory(office=counsellor_a.office, first_name="Olena", last_name="Kovalenko")
    PersonFactory(office=counsellor_a.office, first_name="Zeynep", last_name="Öztürk")
    client.force_login(counsellor_a)

    def names(query):
        page = filter_people(client, q=query).context["page"]
        return sorted(person.last_name for person in page.object_list)

    assert names("Mohamad Al-Hadad") == ["Al-Haddad"]
    assert names("kowalenko") == ["Kovalenko"]
    assert names("ozturk") == ["Öztürk"]
    assert names("Zeynep Öztürk") == ["Öztürk"]
    assert names("Schneider") == []


def test_list_filters_and_pages(client, counsellor_a, settings):
    settings.PAGE_SIZE = 5
    for index in range(7):
        PersonFactory(office=counsellor_a.office, last_name=f"Seite{index}", german_level=index % 7)
    client.force_login(counsellor_a)
    first = client.get(reverse("people:list"))
    assert first.context["page"].paginator.count == 7
    assert len(first.context["page"].object_list) == 5
    second = client.get(reverse("people:list"), {"page": 2})
    assert len(second.context["page"].object_list) == 2
    filtered = filter_people(client, german_level_min=4)
    assert filtered.context["page"].paginator.count == 3
    # The filter stays for paging and is cleared by "reset".
    assert client.get(reverse("people:list")).context["page"].paginator.count == 3
    client.post(reverse("people:list"), {"reset": "1"})
    assert client.get(reverse("people:list")).context["page"].paginator.count == 7


def test_htmx_search_gets_only_the_results_and_keeps_names_out_of_urls(client, counsellor_a):
    PersonFactory(office=counsellor_a.office, last_name="Teilansicht")
    client.force_login(counsellor_a)
    response = client.post(reverse("people:list"), {"q": "Teilansicht"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Teilansicht" in body
    assert "<html" not in body
    assert "HX-Push-Url" not in response.headers
    without_htmx = client.post(reverse("people:list"), {"q": "Teilansicht"})
    assert without_htmx.status_code == 200
    assert "<html" in without_htmx.content.decode()
    assert "Teilansicht" in without_htmx.content.decode()


def test_available_from_in_the_past_is_allowed(client, counsellor_a):
    # "available from" is a fact about the person; a past date means available now.
    client.force_login(counsellor_a)
    past = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = client.post(reverse("people:create"), person_form_data(available_from=past))
    assert response.status_code == 302


def test_changing_the_postal_code_moves_place_district_and_coordinates(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office, last_name="Umzug")
    client.force_login(counsellor_a)
    data = person_form_data(first_name=person.first_name, last_name="Umzug", postal_code="06108")
    data["place"] = "Magdeburg"  # the old town, still in the form
    client.post(reverse("people:edit", args=[person.pk]), data)
    person.refresh_from_db()
    assert (person.place, person.district_id) == ("Halle (Saale)", "15002")
    entry = AuditEntry.objects.get(action="people.person.updated")
    assert {"postal_code", "place", "district", "latitude", "longitude"} <= set(
        entry.changed_fields
    )


def test_a_quarter_name_that_fits_the_postal_code_is_kept(client, counsellor_a):
    client.force_login(counsellor_a)
    client.post(reverse("people:create"), person_form_data(place="Magdeburg-Stadtfeld"))
    assert Person.objects.get().place == "Magdeburg-Stadtfeld"


def test_saving_without_changes_writes_no_audit_entry(client, counsellor_a):
    client.force_login(counsellor_a)
    client.post(reverse("people:create"), person_form_data())
    person = Person.objects.get()
    # As the edit page sends it: the two stored languages are the formset's initial rows.
    client.post(
        reverse("people:edit", args=[person.pk]),
        person_form_data(**{"languages-INITIAL_FORMS": "2"}),
    )
    updates = AuditEntry.objects.filter(action="people.person.updated")
    assert list(updates.values_list("changed_fields", flat=True)) == []
    assert person.languages.count() == 2


def test_duplicate_desired_occupation_error_is_on_the_repeated_slot(client, counsellor_a):
    from kausa.core.models import Occupation

    occupation = Occupation.objects.first()
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:create"),
        person_form_data(occupation_1=str(occupation.pk), occupation_3=str(occupation.pk)),
    )
    form = response.context["form"]
    assert list(form.errors) == ["occupation_3"]


def test_exact_word_matches_win_over_look_alikes(client, counsellor_a):
    for first, last in [
        ("Ali", "Rahimi"),
        ("Halima", "Osman"),
        ("Khalid", "Ali"),
        ("Alina", "Nguyen"),
    ]:
        PersonFactory(office=counsellor_a.office, first_name=first, last_name=last)
    client.force_login(counsellor_a)
    page = filter_people(client, q="Ali").context["page"]
    found = sorted(str(person) for person in page.object_list)
    assert found == ["Ali Rahimi", "Alina Nguyen", "Khalid Ali"]  # word starts, not "Halima"


def test_an_id_beyond_the_database_range_is_a_form_error_not_a_crash(client, counsellor_a):
    person = PersonFactory(office=counsellor_a.office)
    client.force_login(counsellor_a)
    response = client.post(
        reverse("people:sharing", args=[person.pk]), {"offices": ["99999999999999999999999"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not person.shared_with_offices.exists()
