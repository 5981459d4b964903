"""My data on the portal through HTTP, in German and Arabic: the link by email (same answer
for every address, once, for one hour), what the page shows and hides, consent withdrawal,
requests for export or erasure (nothing deleted by the person), and the end of the visit."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.counselling.models import Case, Consent, CounsellingSession
from kausa.counselling.services.consents import consent_record
from kausa.people.models import Person
from kausa.portal.bots import started_token
from kausa.portal.mydata import services
from kausa.portal.mydata.models import AccessLink, DataRequest
from kausa.portal.tests.world import build_world, client_for

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "ar"]
EMAIL = "amira.haddad@example.org"


def url(language: str, name: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def t(language: str, msgid: str) -> str:
    """The text as the page shows it in that language (escaped like the templates)."""
    with translation.override(language):
        return escape(translation.gettext(msgid))


@pytest.fixture
def world(organisation, office_a, counsellor_a, settings):
    settings.PORTAL_ORGANISATION_ID = organisation.pk
    office_a.email = "magdeburg@kausa.example"
    office_a.save()
    built = build_world(organisation, office_a, counsellor_a)
    built.person.email = EMAIL
    built.person.phone = "0391 123456"
    built.person.save()
    return built


def consent_for(person, counsellor, purpose="newsletter") -> Consent:
    return consent_record(
        actor=counsellor,
        person=person,
        purpose=purpose,
        partner=None,
        text_version="v1",
        given_on=timezone.localdate() - datetime.timedelta(days=10),
        language="de",
        method="written",
    )


def ask_link(client, language: str, email: str):
    data = {"email": email, "form_started": started_token(), "website": ""}
    return client.post(url(language, "portal_mydata:request_link"), data)


def token_from_mail(message) -> str:
    line = next(line for line in message.body.splitlines() if "/my-data/open/" in line)
    return line.strip().rstrip("/").rsplit("/", 1)[1]


def fresh_token(person) -> str:
    token = services.link_create(person=person)
    assert token is not None
    return token


# --- asking for a link ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_known_and_unknown_addresses_get_the_same_answer_and_only_known_get_mail(
    client, world, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_link(client, language, EMAIL.upper())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]
    with django_capture_on_commit_callbacks(execute=True):
        unknown = ask_link(client, language, "nobody@example.org")
    assert len(mail.outbox) == 1  # no mail for an unknown address
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert t(language, "If we know this address, we sent you a link.") in known.content.decode()
    assert AccessLink.objects.filter(person=world.person).count() == 1
    assert EMAIL not in AuditEntry.objects.values_list("object_id", flat=True)


def test_the_link_mail_follows_the_persons_language(
    client, world, django_capture_on_commit_callbacks
):
    Consent.objects.create(
        person=world.person,
        purpose="counselling",
        text_version="v1",
        given_on=timezone.localdate(),
        language="ar",
        method="written",
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask_link(client, "de", EMAIL)  # asked on the German page
    body = mail.outbox[0].body
    assert "/ar/my-data/open/" in body
    assert "/de/my-data/open/" not in body


def test_archived_people_and_other_organisations_get_no_link(
    client, world, outsider, django_capture_on_commit_callbacks
):
    Person.objects.filter(pk=world.person.pk).update(archived_at=timezone.now())
    PersonFactory(office=outsider.office, email=EMAIL)  # another organisation's person
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_link(client, "de", EMAIL)
    assert response.status_code == 200
    assert mail.outbox == []
    assert not AccessLink.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "email", ["kein-at-zeichen", "<script>alert(1)</script>@x.org", "a" * 10_000 + "@x.org", ""]
)
def test_bad_addresses_get_a_message_and_nothing_is_sent(
    client, world, language, email, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_link(client, language, email)
    assert response.status_code == 200
    content = response.content.decode()
    assert t(language, "Please check your entries") in content
    assert "<script>alert(1)</script>" not in content
    assert mail.outbox == []
    assert not AccessLink.objects.exists()


def test_the_honeypot_and_a_missing_start_stop_the_form(client, world):
    data = {"email": EMAIL, "form_started": started_token(), "website": "http://spam"}
    assert client.post(url("de", "portal_mydata:request_link"), data).status_code == 200
    client.post(url("de", "portal_mydata:request_link"), {"email": EMAIL})
    assert not AccessLink.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_too_many_requests_from_one_address_are_refused(
    client, world, language, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _round in range(5):
            ask_link(client, language, "nobody@example.org")
        response = ask_link(client, language, EMAIL)
    expected = t(language, "You tried many times. Please wait one hour and try again.")
    assert expected in response.content.decode()
    assert mail.outbox == []


def test_one_person_gets_at_most_three_links_an_hour(world):
    tokens = [services.link_create(person=world.person) for _round in range(4)]
    assert tokens[3] is None and all(tokens[:3])
    assert AccessLink.objects.filter(person=world.person).count() == 3


# --- opening the link ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_link_works_once_and_opens_only_that_person(client, world, language):
    other = PersonFactory(office=world.office, first_name="Zainab", email="z@example.org")
    token = fresh_token(world.person)
    open_url = url(language, "portal_mydata:open", token)

    page = client.get(open_url)  # a mail scanner's visit does not use the link up
    assert t(language, "Show my data") in page.content.decode()
    assert AccessLink.objects.get().used_at is None

    response = client.post(open_url)
    assert response.status_code == 302
    assert response["Location"] == url(language, "portal_mydata:overview")
    overview = client.get(response["Location"]).content.decode()
    assert world.person.first_name in overview
    assert other.first_name not in overview
    assert AuditEntry.objects.filter(
        action="portal.mydata.link_opened", object_id=str(world.person.pk)
    ).exists()

    second = Client()
    reused = second.post(open_url)
    assert reused.status_code == 200
    assert t(language, "This link was already used. Each link works only once.") in (
        reused.content.decode()
    )
    assert second.get(url(language, "portal_mydata:overview")).status_code == 302


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_link_is_refused(client, world, language, monkeypatch):
    token = fresh_token(world.person)
    later = time.time() + services.LINK_MAX_AGE_SECONDS + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(url(language, "portal_mydata:open", token))
    assert t(language, "The link is older than one hour.") in response.content.decode()
    assert AccessLink.objects.get().used_at is None
    monkeypatch.undo()
    assert client.get(url(language, "portal_mydata:overview")).status_code == 302


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_tampered_link_is_refused(client, world, language):
    token = fresh_token(world.person)
    forged = signing.dumps({"l": AccessLink.objects.get().pk, "n": "guessed"}, salt="other")
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.post(url(language, "portal_mydata:open", bad))
        assert t(language, "The link is not complete or not correct.") in (
            response.content.decode()
        )
    # the right signature with a wrong nonce: still no way in
    wrong_nonce = signing.dumps(
        {"l": AccessLink.objects.get().pk, "n": "guessed"}, salt=services.LINK_SALT
    )
    client.post(url(language, "portal_mydata:open", wrong_nonce))
    assert client.get(url(language, "portal_mydata:overview")).status_code == 302
    assert AccessLink.objects.get().used_at is None


def test_a_link_from_the_mail_opens_the_data(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_link(client, "ar", EMAIL)
    token = token_from_mail(mail.outbox[0])
    response = client.post(url("ar", "portal_mydata:open", token))
    assert response.status_code == 302


# --- the overview ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_overview_shows_the_record_but_no_internal_notes(world, language):
    case = Case.objects.create(
        office=world.office,
        person=world.person,
        counsellor=world.counsellor,
        opened_on=timezone.localdate(),
    )
    CounsellingSession.objects.create(
        case=case,
        held_on=timezone.localdate(),
        duration_minutes=30,
        channel="phone",
        notes="GEHEIME-NOTIZ der Beraterin",
    )
    consent_for(world.person, world.counsellor)
    world.person.place = "<b>Magdeburg</b>"
    world.person.save()
    client = client_for("young_person", world)
    content = client.get(url(language, "portal_mydata:overview")).content.decode()
    assert world.person.first_name in content
    assert EMAIL in content
    assert world.office.name in content
    assert world.counsellor.first_name in content
    assert world.counsellor.last_name not in content  # only the counsellor's first name
    assert "GEHEIME-NOTIZ" not in content
    assert world.person.sensitive.get_residence_status_display() not in content
    assert "&lt;b&gt;Magdeburg&lt;/b&gt;" in content and "<b>Magdeburg</b>" not in content
    assert t(language, "Withdraw this consent") in content


@pytest.mark.parametrize("role", ["anonymous", "staff", "company_user"])
def test_staff_and_company_sessions_do_not_see_the_overview(world, role):
    response = client_for(role, world).get(url("de", "portal_mydata:overview"))
    assert response.status_code == 302
    assert response["Location"] == url("de", "portal_mydata:request_link")


def test_an_erased_person_ends_the_visit_without_an_error(world):
    client = client_for("young_person", world)
    world.person.delete()
    response = client.get(url("de", "portal_mydata:overview"))
    assert response.status_code == 302
    assert response["Location"] == url("de", "portal_mydata:request_link")


# --- consents ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_withdrawing_a_consent_changes_it_and_leaves_an_audit_entry(world, language):
    consent = consent_for(world.person, world.counsellor)
    client = client_for("young_person", world)
    response = client.post(url(language, "portal_mydata:consent_withdraw", consent.pk))
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    entry = AuditEntry.objects.get(action="counselling.consent.withdrawn")
    assert entry.actor_id is None and entry.object_id == str(consent.pk)
    page = client.get(response["Location"]).content.decode()
    assert t(language, "Withdrawn on") in page

    again = client.post(url(language, "portal_mydata:consent_withdraw", consent.pk))
    message = t(language, "You have already withdrawn this consent.")
    assert message in client.get(again["Location"]).content.decode()
    assert AuditEntry.objects.filter(action="counselling.consent.withdrawn").count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_persons_consent_is_not_found(world, language):
    other = PersonFactory(office=world.office)
    foreign = consent_for(other, world.counsellor)
    client = client_for("young_person", world)
    response = client.post(url(language, "portal_mydata:consent_withdraw", foreign.pk))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.withdrawn_on is None


# --- requests for export and erasure ---


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_erasure_request_deletes_nothing_and_tells_the_office(
    world, language, django_capture_on_commit_callbacks
):
    consent_for(world.person, world.counsellor)
    people_before, consents_before = Person.objects.count(), Consent.objects.count()
    client = client_for("young_person", world)
    data = {"kind": "erasure", "message": "Bitte <b>alles</b> löschen"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(language, "portal_mydata:data_request"), data)
    assert response.status_code == 302
    assert Person.objects.count() == people_before
    assert Consent.objects.count() == consents_before
    request = DataRequest.objects.get()
    assert (request.person, request.kind, request.status) == (world.person, "erasure", "open")
    assert request.office == world.office and request.message == "Bitte <b>alles</b> löschen"
    assert [message.to for message in mail.outbox] == [["magdeburg@kausa.example"]]
    assert world.person.last_name not in mail.outbox[0].body  # no name in the office's mail
    page = client.get(response["Location"]).content.decode()
    sent = (
        "We sent your request to the office. The office checks it and writes to you. "
        "Nothing is deleted before the office confirms it."
    )
    assert t(language, sent) in page

    with django_capture_on_commit_callbacks(execute=True):
        twice = client.post(url(language, "portal_mydata:data_request"), data)
    assert twice.status_code == 200
    message = t(language, "You already sent this request. The office will answer you.")
    assert message in twice.content.decode()
    assert DataRequest.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "data", [{"kind": "export", "message": "x" * 10_000}, {"kind": "delete-all"}, {}]
)
def test_bad_requests_get_a_message_and_store_nothing(world, language, data):
    client = client_for("young_person", world)
    response = client.post(url(language, "portal_mydata:data_request"), data)
    assert response.status_code == 200
    assert t(language, "Please check your entries") in response.content.decode()
    assert not DataRequest.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_out_ends_the_access(world, language):
    client = client_for("young_person", world)
    assert client.get(url(language, "portal_mydata:overview")).status_code == 200
    response = client.post(url(language, "portal_mydata:sign_out"))
    assert response.status_code == 302
    assert response["Location"] == url(language, "portal:home")
    assert client.get(url(language, "portal_mydata:overview")).status_code == 302
