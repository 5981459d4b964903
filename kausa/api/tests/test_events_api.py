"""Events through the API: office scoping, registrations with consent and the waiting list,
cancellation with move-up, check-in, and no contact details in any answer."""

from __future__ import annotations

import pytest

from kausa.api.models import TokenScope
from kausa.api.tests.test_api_basics import make_token
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, OrganisationFactory, PersonFactory
from kausa.events.models import EventConsentText, Registration, RegistrationStatus
from kausa.events.tests.factories import EventFactory, EventFormatFactory
from kausa.people.models import Guardian

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events"


def write_token(user):
    return make_token(user, scope=TokenScope.WRITE)


def post(client, path, body, headers):
    return client.post(path, body, content_type="application/json", **headers)


def young(person, **extra):
    return {"kind": "young_person", "person_id": person.pk, "consent": True, **extra}


@pytest.fixture
def consent_text(organisation):
    return EventConsentText.objects.create(
        organisation=organisation, language="de", version=1, text="Ich willige ein …"
    )


@pytest.fixture
def event(office_a, consent_text):
    return EventFactory(
        office=office_a,
        capacity_young_people=1,
        online_url="https://video.example.org/forum",
        interpreters="Arabisch",
        event_format=EventFormatFactory(
            organisation=office_a.organisation, name="Ausbildungsforum", kind="fair"
        ),
    )


@pytest.fixture
def headers(counsellor_a):
    return write_token(counsellor_a)


def field_messages(response) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {item["field"]: item["message"]["de"] for item in response.json()["fields"]}


def test_the_list_shows_the_own_offices_events_and_team_leads_see_all(
    client, event, office_b, counsellor_a, counsellor_b, team_lead, outsider
):
    other = EventFactory(office=office_b)
    own_items = client.get(f"{BASE}/", **make_token(counsellor_a)).json()["items"]
    assert [item["id"] for item in own_items] == [event.pk]
    item = own_items[0]
    assert item["format"] == {
        "id": event.event_format_id,
        "name": "Ausbildungsforum",
        "kind": "fair",
    }
    assert item["office_id"] == event.office_id and item["title"] == event.title
    assert item["online_url"] == "https://video.example.org/forum"
    assert item["capacity_young_people"] == 1 and item["capacity_parents"] is None
    assert (item["confirmed_count"], item["waitlisted_count"]) == (0, 0)
    assert item["duration_minutes"] == 180 and item["languages"] == ["de", "ar"]
    lead_items = client.get(f"{BASE}/", **make_token(team_lead)).json()["items"]
    assert {item["id"] for item in lead_items} == {event.pk, other.pk}
    other_items = client.get(f"{BASE}/", **make_token(counsellor_b)).json()["items"]
    assert [item["id"] for item in other_items] == [other.pk]
    assert client.get(f"{BASE}/", **make_token(outsider)).json()["items"] == []
    # Paged by cursor, past events included by default, filters as on the staff list.
    second = EventFactory(office=event.office, title="Elternabend Sudenburg")
    first_page = client.get(f"{BASE}/", {"limit": 1}, **make_token(counsellor_a)).json()
    assert [item["id"] for item in first_page["items"]] == [event.pk]
    rest = client.get(
        f"{BASE}/", {"cursor": first_page["next_cursor"]}, **make_token(counsellor_a)
    ).json()
    assert [item["id"] for item in rest["items"]] == [second.pk]
    found = client.get(f"{BASE}/", {"q": "sudenburg"}, **make_token(counsellor_a)).json()
    assert [item["id"] for item in found["items"]] == [second.pk]


def test_another_offices_event_and_its_registrations_answer_404(
    client, event, office_b, counsellor_a, counsellor_b, outsider, team_lead
):
    registration = Registration.objects.create(event=event, kind="young_person", name="Samir")
    for user in (counsellor_b, outsider):
        token = write_token(user)
        assert client.get(f"{BASE}/{event.pk}", **token).status_code == 404
        assert client.get(f"{BASE}/{event.pk}/registrations", **token).status_code == 404
        path = f"{BASE}/registrations/{registration.pk}/cancel"
        assert post(client, path, {}, token).status_code == 404
        path = f"{BASE}/registrations/{registration.pk}/check-in"
        assert post(client, path, {"present": True}, token).status_code == 404
    missing = event.pk + 1000
    assert client.get(f"{BASE}/{missing}", **write_token(counsellor_a)).status_code == 404
    # The team lead reads the event and its registrations.
    lead = make_token(team_lead)
    assert client.get(f"{BASE}/{event.pk}", **lead).json()["id"] == event.pk
    listed = client.get(f"{BASE}/{event.pk}/registrations", **lead).json()["items"]
    assert [item["id"] for item in listed] == [registration.pk]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_registrations_are_confirmed_then_waitlisted_when_full(client, event, headers):
    first, second = PersonFactory(office=event.office), PersonFactory(office=event.office)
    response = post(client, f"{BASE}/{event.pk}/registrations", young(first), headers)
    assert response.status_code == 201, response.content
    confirmed = response.json()
    assert confirmed["status"] == "confirmed" and confirmed["waitlist_position"] is None
    assert confirmed["person_id"] == first.pk and confirmed["name"] is None
    assert confirmed["source"] == "staff" and confirmed["event_id"] == event.pk
    waiting = post(client, f"{BASE}/{event.pk}/registrations", young(second), headers).json()
    assert waiting["status"] == "waitlisted" and waiting["waitlist_position"] == 1
    detail = client.get(f"{BASE}/{event.pk}", **headers).json()
    assert (detail["confirmed_count"], detail["waitlisted_count"]) == (1, 1)
    listed = client.get(f"{BASE}/{event.pk}/registrations", **headers).json()["items"]
    assert {item["id"]: item["waitlist_position"] for item in listed} == {
        confirmed["id"]: None,
        waiting["id"]: 1,
    }
    only_waiting = client.get(
        f"{BASE}/{event.pk}/registrations", {"status": "waitlisted"}, **headers
    ).json()["items"]
    assert [item["id"] for item in only_waiting] == [waiting["id"]]
    registration = Registration.objects.get(pk=confirmed["id"])
    assert registration.consent_text is not None and registration.consented_at is not None
    assert AuditEntry.objects.filter(action="events.registration.created").count() == 2


def test_a_parent_a_company_and_someone_without_a_record_can_be_registered(client, event, headers):
    person = PersonFactory(office=event.office)
    guardian = Guardian.objects.create(
        person=person, first_name="Leyla", last_name="Haddad", relation="mother", language="ar"
    )
    company = CompanyFactory(organisation=event.office.organisation)
    path = f"{BASE}/{event.pk}/registrations"
    parent = post(
        client, path, {"kind": "parent", "guardian_id": guardian.pk, "consent": True}, headers
    )
    assert parent.status_code == 201 and parent.json()["guardian_id"] == guardian.pk
    firm = post(
        client, path, {"kind": "company", "company_id": company.pk, "consent": True}, headers
    )
    assert firm.status_code == 201 and firm.json()["company_id"] == company.pk
    walk = post(client, path, {"kind": "parent", "name": "Olena K.", "consent": True}, headers)
    assert walk.status_code == 201 and walk.json()["name"] == "Olena K."


def test_a_duplicate_is_refused_with_the_german_message(client, event, headers):
    person = PersonFactory(office=event.office)
    path = f"{BASE}/{event.pk}/registrations"
    assert post(client, path, young(person), headers).status_code == 201
    response = post(client, path, young(person), headers)
    assert response.json()["code"] == "validation_error"
    assert field_messages(response) == {"__all__": "Diese Teilnahme ist bereits angemeldet."}
    assert event.registrations.count() == 1


def test_consent_is_required(client, event, headers):
    person = PersonFactory(office=event.office)
    path = f"{BASE}/{event.pk}/registrations"
    body = young(person)
    del body["consent"]
    assert set(field_messages(post(client, path, body, headers))) == {"consent"}
    refused = post(client, path, young(person, consent=False), headers)
    assert field_messages(refused) == {
        "consent": "Für die Anmeldung ist eine Einwilligung zu den Teilnahmebedingungen nötig."
    }
    assert not event.registrations.exists()


def test_ids_the_token_owner_does_not_see_are_field_errors(
    client, event, office_b, headers, consent_text
):
    path = f"{BASE}/{event.pk}/registrations"
    foreign_person = PersonFactory(office=office_b)
    response = post(client, path, young(foreign_person), headers)
    assert field_messages(response) == {"person_id": "Diesen Datensatz gibt es nicht."}
    foreign_company = CompanyFactory(organisation=OrganisationFactory(name="Andere Landesstelle"))
    body = {"kind": "company", "company_id": foreign_company.pk, "consent": True}
    assert set(field_messages(post(client, path, body, headers))) == {"company_id"}
    guardian = Guardian.objects.create(
        person=foreign_person, first_name="A", last_name="B", relation="father", language="de"
    )
    body = {"kind": "parent", "guardian_id": guardian.pk, "consent": True}
    assert set(field_messages(post(client, path, body, headers))) == {"guardian_id"}
    # The form's rules: a valid e-mail address, a known language.
    body = {"kind": "parent", "name": "X", "email": "no-address", "language": "xx", "consent": True}
    assert set(field_messages(post(client, path, body, headers))) == {"email", "language"}
    assert not event.registrations.exists()


def test_writes_are_refused_to_read_tokens_readers_and_team_leads(
    client, event, counsellor_a, reader_a, team_lead
):
    person = PersonFactory(office=event.office)
    registration = Registration.objects.create(event=event, kind="young_person", name="Samir")
    for token in (make_token(counsellor_a), write_token(reader_a), write_token(team_lead)):
        path = f"{BASE}/{event.pk}/registrations"
        assert post(client, path, young(person), token).status_code == 403
        cancel = f"{BASE}/registrations/{registration.pk}/cancel"
        assert post(client, cancel, {}, token).status_code == 403
        check_in = f"{BASE}/registrations/{registration.pk}/check-in"
        assert post(client, check_in, {"present": True}, token).status_code == 403
    assert list(event.registrations.all()) == [registration]
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.checked_in_at is None
    assert not AuditEntry.objects.filter(action__startswith="events.").exists()


def test_a_cancellation_moves_the_waiting_list_up(client, event, headers):
    first, second = PersonFactory(office=event.office), PersonFactory(office=event.office)
    path = f"{BASE}/{event.pk}/registrations"
    one = post(client, path, young(first), headers).json()
    two = post(client, path, young(second), headers).json()
    response = post(client, f"{BASE}/registrations/{one['id']}/cancel", {}, headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["registration"]["id"] == one["id"]
    assert body["registration"]["status"] == "cancelled"
    assert [(item["id"], item["status"]) for item in body["moved_up"]] == [(two["id"], "confirmed")]
    assert Registration.objects.get(pk=two["id"]).status == RegistrationStatus.CONFIRMED
    again = post(client, f"{BASE}/registrations/{one['id']}/cancel", {}, headers)
    assert field_messages(again) == {"__all__": "Diese Anmeldung wurde bereits storniert."}


def test_check_in_and_undo(client, event, headers):
    first, second = PersonFactory(office=event.office), PersonFactory(office=event.office)
    path = f"{BASE}/{event.pk}/registrations"
    confirmed = post(client, path, young(first), headers).json()
    waiting = post(client, path, young(second), headers).json()
    check_in = f"{BASE}/registrations/{confirmed['id']}/check-in"
    present = post(client, check_in, {"present": True}, headers)
    assert present.status_code == 200 and present.json()["checked_in_at"] is not None
    assert Registration.objects.get(pk=confirmed["id"]).checked_in_at is not None
    assert post(client, check_in, {"present": False}, headers).json()["checked_in_at"] is None
    assert Registration.objects.get(pk=confirmed["id"]).checked_in_at is None
    refused = post(
        client, f"{BASE}/registrations/{waiting['id']}/check-in", {"present": True}, headers
    )
    assert set(field_messages(refused)) == {"__all__"}
    assert set(field_messages(post(client, check_in, {}, headers))) == {"present"}


def test_no_email_or_phone_in_any_answer(client, event, headers):
    person = PersonFactory(office=event.office, email="amira@example.org", phone="0391 111")
    path = f"{BASE}/{event.pk}/registrations"
    body = {
        "kind": "parent",
        "name": "Olena K.",
        "email": "olena@example.org",
        "phone": "0176 222 333",
        "consent": True,
    }
    walk = post(client, path, body, headers)
    assert walk.status_code == 201, walk.content
    stored = Registration.objects.get(pk=walk.json()["id"])
    assert (stored.email, stored.phone) == ("olena@example.org", "0176 222 333")
    record = post(client, path, young(person), headers)
    answers = [
        walk,
        record,
        client.get(f"{BASE}/", **headers),
        client.get(f"{BASE}/{event.pk}", **headers),
        client.get(f"{BASE}/{event.pk}/registrations", **headers),
        post(client, f"{BASE}/registrations/{stored.pk}/check-in", {"present": True}, headers),
        post(client, f"{BASE}/registrations/{stored.pk}/cancel", {}, headers),
    ]
    for answer in answers:
        assert answer.status_code in (200, 201), answer.content
        content = answer.content.decode()
        for secret in ("olena@", "amira@", "0176 222 333", "0391 111", '"email"', '"phone"'):
            assert secret not in content
