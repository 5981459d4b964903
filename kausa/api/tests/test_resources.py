"""People, companies, places and partners through the API: the same services, validation,
audit entries and scoping as the staff pages."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from kausa.api.models import TokenScope
from kausa.api.tests.test_api_basics import make_token
from kausa.core.models import AuditEntry, Occupation
from kausa.core.tests.factories import (
    CompanyFactory,
    OrganisationFactory,
    PartnerFactory,
    PersonFactory,
    VacancyFactory,
)
from kausa.partners.models import Topic
from kausa.people.models import PersonSensitive

pytestmark = pytest.mark.django_db


def occupation_ids() -> list[int]:
    return list(Occupation.objects.order_by("pk").values_list("pk", flat=True)[:2])


def in_a_year() -> str:
    return (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


@dataclass(frozen=True)
class Resource:
    path: str
    object_type: str
    # office_a, organisation -> a record the owning counsellor may change
    make: Any
    # the records of office_a / organisation -> a valid creation body
    create: Any
    update: dict[str, Any]
    invalid: tuple[dict[str, Any], str, str]  # body, field, a word of the German message


def company_body(_office: Any, _organisation: Any) -> dict[str, Any]:
    return {
        "name": "Bäckerei Aydın",
        "postal_code": "39104",
        "size": "micro",
        "sector": "C",
        "competent_body": "HWK",
        "languages": ["tr", "de"],
        "contacts": [{"name": "Frau Aydın", "role": "Inhaberin"}],
    }


def place_body(_office: Any, organisation: Any) -> dict[str, Any]:
    company = CompanyFactory(organisation=organisation)
    return {
        "company_id": company.pk,
        "occupation_id": occupation_ids()[0],
        "seats": 2,
        "start_date": in_a_year(),
    }


RESOURCES = {
    "people": Resource(
        path="/api/v1/people/",
        object_type="people.person",
        make=lambda office, organisation: PersonFactory(office=office),
        create=lambda office, organisation: {
            "first_name": "Amira",
            "last_name": "Haddad",
            "postal_code": "39104",
            "german_level": 3,
            "languages": [{"language": "ar", "level": 4}],
            "desired_occupation_ids": occupation_ids(),
        },
        update={"phone": "0391 555", "german_level": 4},
        invalid=({"postal_code": "99999"}, "postal_code", "Postleitzahl"),
    ),
    "companies": Resource(
        path="/api/v1/companies/",
        object_type="companies.company",
        make=lambda office, organisation: CompanyFactory(organisation=organisation),
        create=company_body,
        update={"migrant_led": True, "languages": ["ar"]},
        invalid=({"postal_code": "1234"}, "postal_code", "fünf"),
    ),
    "places": Resource(
        path="/api/v1/places/",
        object_type="vacancies.vacancy",
        make=lambda office, organisation: VacancyFactory(
            company=CompanyFactory(organisation=organisation)
        ),
        create=place_body,
        update={"seats": 3, "description": "Mit Berufsschule in Magdeburg"},
        invalid=({"seats": 0}, "seats", "Platz"),
    ),
    "partners": Resource(
        path="/api/v1/partners/",
        object_type="partners.partner",
        make=lambda office, organisation: PartnerFactory(organisation=organisation),
        create=lambda office, organisation: {
            "name": "IHK Magdeburg",
            "partner_type": "ihk",
            "district_keys": ["15003", "15002"],
            "topic_ids": [
                Topic.objects.get_or_create(code="anerkennung", name="Anerkennung")[0].pk
            ],
        },
        update={"email": "info@ihk.example", "district_keys": ["15003"]},
        invalid=({"district_keys": []}, "district_keys", "Landkreis"),
    ),
}


def send(client, method: str, path: str, headers: dict[str, str], body: Any = None):
    return getattr(client, method)(
        path, json.dumps(body or {}), content_type="application/json", **headers
    )


def entries(object_type: str, action: str, object_id: Any = None) -> list[AuditEntry]:
    found = AuditEntry.objects.filter(object_type=object_type, action=f"{object_type}.{action}")
    if object_id is not None:
        found = found.filter(object_id=str(object_id))
    return list(found)


@pytest.mark.parametrize("name", RESOURCES)
def test_create_read_list_update_archive_restore(client, counsellor_a, office_a, name):
    resource = RESOURCES[name]
    headers = make_token(counsellor_a, TokenScope.WRITE)
    body = resource.create(office_a, office_a.organisation)

    created = send(client, "post", resource.path, headers, body)

    assert created.status_code == 201, created.content
    record = created.json()
    assert len(entries(resource.object_type, "created", record["id"])) == 1
    detail = f"{resource.path}{record['id']}"
    assert client.get(detail, **headers).json() == record
    listed = client.get(resource.path, **headers).json()["items"]
    assert record["id"] in [item["id"] for item in listed]

    updated = send(client, "patch", detail, headers, resource.update)
    assert updated.status_code == 200, updated.content
    for field, value in resource.update.items():
        assert updated.json()[field] == value or sorted(updated.json()[field]) == sorted(value)
    # PATCH: what was not sent stays as it was (lists such as languages included).
    unchanged = {key: value for key, value in record.items() if key not in resource.update}
    assert {key: updated.json()[key] for key in unchanged} == unchanged
    (entry,) = entries(resource.object_type, "updated", record["id"])
    assert set(entry.changed_fields) >= {
        {"district_keys": "districts"}.get(field, field) for field in resource.update
    }

    # The same values again change nothing, and so write no audit entry.
    assert send(client, "patch", detail, headers, resource.update).status_code == 200
    assert send(client, "patch", detail, headers, {}).status_code == 200
    assert len(entries(resource.object_type, "updated", record["id"])) == 1

    archived = send(client, "post", f"{detail}/archive", headers)
    assert archived.status_code == 200 and archived.json()["archived"] is True
    assert len(entries(resource.object_type, "archived", record["id"])) == 1
    listed = client.get(resource.path, **headers).json()["items"]
    assert record["id"] not in [item["id"] for item in listed]
    with_archived = client.get(resource.path, {"include_archived": True}, **headers).json()
    assert record["id"] in [item["id"] for item in with_archived["items"]]
    restored = send(client, "post", f"{detail}/restore", headers)
    assert restored.json()["archived"] is False
    assert len(entries(resource.object_type, "restored", record["id"])) == 1


@pytest.mark.parametrize("name", RESOURCES)
def test_invalid_data_names_the_field_in_german_and_changes_nothing(
    client, counsellor_a, office_a, name
):
    resource = RESOURCES[name]
    record = resource.make(office_a, office_a.organisation)
    headers = make_token(counsellor_a, TokenScope.WRITE)
    before = AuditEntry.objects.count()
    body, field, german = resource.invalid

    response = send(client, "patch", f"{resource.path}{record.pk}", headers, body)

    assert response.status_code == 422, response.content
    assert response.json()["code"] == "validation_error"
    errors = {error["field"]: error["message"] for error in response.json()["fields"]}
    assert field in errors, errors
    assert german in errors[field]["de"], errors
    assert errors[field]["en"] and errors[field]["en"] != errors[field]["de"]  # both languages
    assert AuditEntry.objects.count() == before
    creation = {**resource.create(office_a, office_a.organisation), **body}
    response = send(client, "post", resource.path, headers, creation)
    assert response.status_code == 422 and field in response.text
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("name", RESOURCES)
def test_unknown_and_wrongly_typed_fields_are_refused(client, counsellor_a, office_a, name):
    resource = RESOURCES[name]
    record = resource.make(office_a, office_a.organisation)
    headers = make_token(counsellor_a, TokenScope.WRITE)
    path = f"{resource.path}{record.pk}"
    unknown = send(client, "patch", path, headers, {"residence_status": "tolerated"})
    assert unknown.status_code == 422
    assert unknown.json()["fields"][0]["field"] == "residence_status"
    wrong_type = send(client, "patch", path, headers, {"archived": "yes", "id": []})
    assert wrong_type.status_code == 422
    bad_filter = client.get(resource.path, {"district": "00000"}, **headers)
    assert bad_filter.status_code == 422 and bad_filter.json()["fields"][0]["field"] == "district"


@pytest.mark.parametrize("name", RESOURCES)
def test_reading_tokens_and_read_only_colleagues_cannot_write(
    client, counsellor_a, reader_a, office_a, name
):
    resource = RESOURCES[name]
    record = resource.make(office_a, office_a.organisation)
    path = f"{resource.path}{record.pk}"
    for headers in (make_token(counsellor_a), make_token(reader_a, TokenScope.WRITE)):
        assert client.get(path, **headers).status_code == 200
        body = resource.create(office_a, office_a.organisation)
        assert send(client, "post", resource.path, headers, body).status_code == 403
        # Refused before the input is looked at: invalid data answers 403 too, not 422.
        invalid = {**body, **resource.invalid[0]}
        assert send(client, "post", resource.path, headers, invalid).status_code == 403
        assert send(client, "patch", path, headers, resource.update).status_code == 403
        assert send(client, "post", f"{path}/archive", headers).status_code == 403
    assert AuditEntry.objects.filter(object_type=resource.object_type).count() == 0


@pytest.mark.parametrize("name", RESOURCES)
def test_records_of_another_organisation_answer_404(client, outsider, office_a, name):
    resource = RESOURCES[name]
    record = resource.make(office_a, office_a.organisation)
    headers = make_token(outsider, TokenScope.WRITE)
    path = f"{resource.path}{record.pk}"
    assert client.get(path, **headers).status_code == 404
    assert send(client, "patch", path, headers, resource.update).status_code == 404
    assert send(client, "post", f"{path}/archive", headers).status_code == 404
    assert client.get(resource.path, **headers).json()["items"] == []


def test_another_offices_person_answers_404(client, counsellor_a, counsellor_b):
    person = PersonFactory(office=counsellor_b.office)
    headers = make_token(counsellor_a, TokenScope.WRITE)
    path = f"/api/v1/people/{person.pk}"
    assert client.get(path, **headers).status_code == 404
    assert send(client, "patch", path, headers, {"phone": "1"}).status_code == 404
    assert send(client, "post", f"{path}/archive", headers).status_code == 404


def test_a_team_lead_reads_people_but_registers_and_changes_none(client, team_lead, office_a):
    person = PersonFactory(office=office_a)
    headers = make_token(team_lead, TokenScope.WRITE)
    assert client.get(f"/api/v1/people/{person.pk}", **headers).status_code == 200
    body = {"first_name": "A", "last_name": "B", "postal_code": "39104"}
    assert send(client, "post", "/api/v1/people/", headers, body).status_code == 403
    path = f"/api/v1/people/{person.pk}"
    assert send(client, "patch", path, headers, {"phone": "1"}).status_code == 403


def test_a_person_is_created_in_the_token_owners_office_without_sensitive_data(
    client, counsellor_a
):
    headers = make_token(counsellor_a, TokenScope.WRITE)
    body = {"first_name": "Oleksandr", "last_name": "Koval", "postal_code": "39104"}
    record = send(client, "post", "/api/v1/people/", headers, body).json()
    assert record["office_id"] == counsellor_a.office_id
    assert record["district_key"] == "15003" and record["place"]
    assert not {"residence_status", "has_refugee_background", "sensitive"} & set(record)
    assert PersonSensitive.objects.get(person_id=record["id"]).residence_status == "unknown"


def test_list_filters_are_those_of_the_staff_lists(client, counsellor_a, office_a):
    organisation = office_a.organisation
    migrant_led = CompanyFactory(organisation=organisation, migrant_led=True, name="Yilmaz Bau")
    CompanyFactory(organisation=organisation, name="Schmidt Holz")
    headers = make_token(counsellor_a)
    listed = client.get("/api/v1/companies/", {"migrant_led": True}, **headers).json()["items"]
    assert [item["id"] for item in listed] == [migrant_led.pk]
    found = client.get("/api/v1/companies/", {"q": "Yilmaz"}, **headers).json()["items"]
    assert [item["id"] for item in found] == [migrant_led.pk]
    ihk = PartnerFactory(organisation=organisation, partner_type="ihk")
    PartnerFactory(organisation=organisation)
    listed = client.get("/api/v1/partners/", {"partner_type": "ihk"}, **headers).json()["items"]
    assert [item["id"] for item in listed] == [ihk.pk]


def test_a_place_keeps_its_company_and_a_past_start_is_refused(client, counsellor_a, office_a):
    place = VacancyFactory(company=CompanyFactory(organisation=office_a.organisation))
    headers = make_token(counsellor_a, TokenScope.WRITE)
    path = f"/api/v1/places/{place.pk}"
    moved = send(client, "patch", path, headers, {"company_id": CompanyFactory().pk})
    assert moved.status_code == 422 and moved.json()["fields"][0]["field"] == "company_id"
    past = send(client, "patch", path, headers, {"start_date": "2020-08-01"})
    assert past.status_code == 422 and past.json()["fields"][0]["field"] == "start_date"
    other = CompanyFactory(organisation=OrganisationFactory(name="Andere Landesstelle"))
    body = {**place_body(None, office_a.organisation), "company_id": other.pk}
    response = send(client, "post", "/api/v1/places/", headers, body)
    assert response.status_code == 422 and response.json()["fields"][0]["field"] == "company_id"


def test_the_docs_load_nothing_from_other_sites(client):
    page = client.get("/api/v1/docs").text
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page


@pytest.mark.parametrize("name", RESOURCES)
def test_a_list_page_costs_the_same_few_queries_for_many_records(
    client, counsellor_a, office_a, name, django_assert_max_num_queries
):
    resource = RESOURCES[name]
    headers = make_token(counsellor_a)
    client.get(resource.path, **headers)  # the token's last use is written once
    for _ in range(30):
        resource.make(office_a, office_a.organisation)
    with django_assert_max_num_queries(12):
        page = client.get(resource.path, {"limit": 30}, **headers)
    assert len(page.json()["items"]) == 30


def test_schema_errors_name_the_field_as_sent(client, counsellor_a):
    headers = make_token(counsellor_a, TokenScope.WRITE)
    listed = client.get("/api/v1/people/", {"limit": "viele"}, **headers)
    assert listed.status_code == 422
    (error,) = listed.json()["fields"]
    assert error["field"] == "limit" and error["message"]["en"] == "Enter a whole number."
    person = PersonFactory(office=counsellor_a.office)
    path = f"/api/v1/people/{person.pk}"
    response = send(client, "patch", path, headers, {"languages": [{"language": "ar"}]})
    assert response.json()["fields"][0]["field"] == "languages.0.level"
    not_json = client.patch(path, "{no json", content_type="application/json", **headers)
    assert not_json.status_code == 400 and not_json.json()["code"] == "bad_request"


def test_one_answer_names_every_invalid_field(client, counsellor_a):
    headers = make_token(counsellor_a, TokenScope.WRITE)
    body = {
        "name": "Bau GmbH",
        "postal_code": "99999",
        "size": "giant",
        "sector": "C",
        "competent_body": "HWK",
        "contacts": [{"name": "", "email": "keine-adresse"}],
    }
    response = send(client, "post", "/api/v1/companies/", headers, body)
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["fields"]} == {
        "postal_code",
        "size",
        "contacts",
    }
