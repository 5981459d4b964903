"""The pages: the person panel, the course status form, pooling and its notices."""

from __future__ import annotations

import html
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from kausa.bsk import audit_actions
from kausa.bsk.fake_server import course_item
from kausa.bsk.models import CourseParticipation
from kausa.bsk.notice import XLSX_CONTENT_TYPE
from kausa.bsk.tests.conftest import apprentice, with_contract
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory, district

pytestmark = pytest.mark.django_db

SALZWEDEL = {"postal_code": "29410", "district": "15081"}


def de(message: str) -> str:
    """The German text of a message as the pages show it (test_translations checks that
    every message of the app has one)."""
    with translation.override("de"):
        return translation.gettext(message)


def panel(client, person, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.get(reverse("bsk:person_panel", args=[person.pk]), **headers)


def test_the_panel_lists_the_nearest_courses_for_apprentices(
    client, fake_courses, counsellor_a, office_a
):
    person = PersonFactory(office=office_a)
    client.force_login(counsellor_a)
    response = panel(client, person)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Azubi-BSK B2 – berufsbegleitend" in text
    assert "Berufssprachkurs B1 – allgemein" not in text  # not for apprentices
    assert 'name="status"' in text  # the counsellor may record the status
    page = panel(client, person, htmx=False)
    assert page.status_code == 200 and "<h1>" in page.content.decode()


def test_the_person_page_loads_the_panel_without_waiting_for_it(client, counsellor_a, office_a):
    person = PersonFactory(office=office_a)
    client.force_login(counsellor_a)
    text = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert f'hx-get="{reverse("bsk:person_panel", args=[person.pk])}"' in text


def test_a_failing_course_service_leaves_a_german_message(
    client, no_courses_service, counsellor_a, office_a
):
    person = PersonFactory(office=office_a)
    client.force_login(counsellor_a)
    response = panel(client, person)
    assert response.status_code == 200
    message = de(
        "The job agency's course search cannot be reached at the moment. Please try again "
        "later; the rest of the page is not affected."
    )
    text = response.content.decode()
    assert message in text or html.escape(message) in text


def test_without_a_german_postal_code_nothing_is_searched(
    client, fake_courses, counsellor_a, office_a
):
    person = PersonFactory(
        office=office_a, postal_code="", district=None, lives_abroad=True, country_of_residence="TR"
    )
    client.force_login(counsellor_a)
    response = panel(client, person)
    assert response.status_code == 200
    message = de("Without a German postal code no courses in reach can be searched.")
    assert message in response.content.decode()
    assert fake_courses.requests == []


def test_no_personal_data_goes_to_the_agency(client, fake_courses, counsellor_a, office_a):
    person = PersonFactory(
        office=office_a,
        first_name="Zaynab",
        last_name="Qasimi",
        email="zaynab@example.org",
        phone="0176 555 1234",
    )
    client.force_login(counsellor_a)
    panel(client, person)
    assert fake_courses.requests
    for request in fake_courses.requests:
        assert set(request["params"]) <= {"orte", "umkreis", "systematiken", "page"}
        sent = " ".join([request["path"], *request["params"].values()])
        for private in ("Zaynab", "Qasimi", "zaynab@", "555", "2006"):
            assert private not in sent
        # Exactly the region (the gazetteer's place and point of the postal code), the
        # radius step and the course type: nothing else about the person.
        assert request["params"] == {
            "orte": "Magdeburg_39104_11.629200_52.127700",
            "umkreis": "50",
            "systematiken": "MC",
            "page": "0",
        }


def test_course_texts_from_the_agency_are_escaped(client, fake_courses, counsellor_a, office_a):
    fake_courses.state.courses = [
        course_item(
            1,
            '<script>alert(1)</script><b hx-post="/x" hx-trigger="load">',
            provider='"><img src=x onerror=alert(1)>',
            place="{{ 7*7 }}calc",
            link='https://x.example/"><script>',
        )
    ]
    person = PersonFactory(office=office_a)
    client.force_login(counsellor_a)
    text = panel(client, person).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    for raw in ("<script>alert", "<img src=x", "<b hx-post", "49calc", 'href="https://x.example'):
        assert raw not in text


def test_counsellors_of_another_office_or_organisation_get_404(
    client, fake_courses, counsellor_b, outsider, office_a
):
    person = PersonFactory(office=office_a)
    for user in (counsellor_b, outsider):
        client.force_login(user)
        assert panel(client, person).status_code == 404
    assert fake_courses.requests == []


def test_recording_the_course_status(client, counsellor_a, reader_a, team_lead, office_a):
    from kausa.bsk.tests.fixtures import cache_courses

    cache_courses("39104")
    person = PersonFactory(office=office_a)
    url = reverse("bsk:course_status", args=[person.pk])
    data = {"status": "found", "course_title": "Azubi-BSK B2", "provider": "VHS"}
    for user in (reader_a, team_lead):
        client.force_login(user)
        assert client.post(url, data).status_code == 403
    client.force_login(counsellor_a)
    response = client.post(url, data)
    assert response.status_code == 302
    participation = CourseParticipation.objects.get(person=person)
    assert (participation.status, participation.course_title) == ("found", "Azubi-BSK B2")
    entry = AuditEntry.objects.get(action=audit_actions.COURSE_STATUS_SET)
    assert entry.object_id == str(participation.pk)
    assert "Azubi" not in str(entry.changed_fields)
    # bad input: a German message, nothing changed
    bad = client.post(url, {"status": "none", "course_title": "Kurs"})
    assert bad.status_code == 200
    assert de("Error:") in bad.content.decode()
    participation.refresh_from_db()
    assert participation.status == "found"
    assert client.post(url, {"status": "bogus"}).status_code == 200


def test_only_team_leads_see_pooling(client, counsellor_a, reader_a, team_lead):
    for user in (counsellor_a, reader_a):
        client.force_login(user)
        assert client.get(reverse("bsk:pooling")).status_code == 403
        assert client.get(reverse("bsk:pooling_notice_xlsx") + "?district=15081").status_code == (
            403
        )
    client.force_login(team_lead)
    assert client.get(reverse("bsk:pooling")).status_code == 200


@pytest.fixture
def pooled(fake_courses, counsellor_a, office_a, settings):
    """Three apprentices in Salzwedel without a course in reach; one consented."""
    from kausa.counselling.services.consents import consent_record

    settings.BSK_POOLING_THRESHOLD = 3
    company = CompanyFactory(organisation=office_a.organisation, name="=HYPERLINK(1) Bau GmbH")
    people = []
    for first_name in ("Named", "Silent", "Quiet"):
        person = apprentice(
            office_a,
            counsellor_a,
            postal_code=SALZWEDEL["postal_code"],
            district=district(SALZWEDEL["district"]),
            first_name=first_name,
            last_name="Person",
        )
        with_contract(person, counsellor_a, company)
        people.append(person)
    consent_record(
        actor=counsellor_a,
        person=people[0],
        purpose="language_course",
        partner=None,
        text_version="v1",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    return people


def test_the_pooling_page_proposes_a_request(client, team_lead, pooled):
    client.force_login(team_lead)
    text = client.get(reverse("bsk:pooling")).content.decode()
    assert "Altmarkkreis Salzwedel" in text
    assert reverse("bsk:pooling_notice") + "?district=15081" in text
    assert "=HYPERLINK(1) Bau GmbH" in text


def test_the_xlsx_notice_opens_and_names_only_who_consented(client, team_lead, pooled):
    client.force_login(team_lead)
    response = client.get(reverse("bsk:pooling_notice_xlsx"), {"district": "15081"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "15081" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows[de("District")] == "Altmarkkreis Salzwedel"
    assert rows[de("District key")] == "15081"
    assert rows[de("Apprentices without a course in reach")] == 3
    assert rows[de("of them named with their consent")] == 1
    assert rows[de("of them counted without names")] == 2
    assert "Named" in cells
    assert "Silent" not in cells and "Quiet" not in cells
    # A company name that looks like a formula stays text.
    assert "'=HYPERLINK(1) Bau GmbH" in cells
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    entry = AuditEntry.objects.get(action=audit_actions.POOLING_NOTICE_DOWNLOADED)
    assert entry.object_id == "15081" and entry.actor == team_lead


def test_the_printable_notice(client, team_lead, pooled):
    client.force_login(team_lead)
    response = client.get(reverse("bsk:pooling_notice"), {"district": "15081"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Person, Named" in text and "Silent" not in text and "Quiet" not in text
    assert AuditEntry.objects.filter(action=audit_actions.POOLING_NOTICE_PRINTED).count() == 1


def test_a_notice_for_a_district_without_a_proposal_redirects(client, team_lead, pooled):
    client.force_login(team_lead)
    for query in ({"district": "15003"}, {"district": "<x>"}, {}):
        for name in ("bsk:pooling_notice", "bsk:pooling_notice_xlsx"):
            response = client.get(reverse(name), query)
            assert response.status_code == 302 and response["Location"] == reverse("bsk:pooling")
    assert not AuditEntry.objects.filter(action__startswith="bsk.pooling_notice").exists()


def test_the_pooling_page_escapes_agency_and_user_texts(
    client, team_lead, fake_courses, counsellor_a, office_a
):
    fake_courses.state.courses = [
        course_item(1, "<script>alert(1)</script>", provider='"><img src=x onerror=alert(1)>')
    ]
    apprentice(office_a, counsellor_a, first_name='<b hx-get="/x" hx-trigger="load">')
    client.force_login(team_lead)
    text = client.get(reverse("bsk:pooling")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    for raw in ("<script>alert", "<img src=x", "<b hx-get"):
        assert raw not in text
