"""The report pages over HTTP against the real indicators: who may see them, what bad
parameters answer, that exports load back and that every view and export is audited."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kausa.core.models import AuditEntry, Role
from kausa.core.tests.factories import PersonFactory, UserFactory
from kausa.counselling.models import Case
from kausa.reports import audit_actions
from kausa.reports.views import may_see_protected

pytestmark = pytest.mark.django_db

YEAR = {"kind": "year", "year": "2026"}
ROUTES = ("reports:report", "reports:print", "reports:xlsx", "reports:csv")


@pytest.fixture
def cases(office_a, office_b, counsellor_a, counsellor_b):
    """Seven cases in office A and one in office B, opened in 2026."""
    for index in range(7):
        Case.objects.create(
            office=office_a,
            person=PersonFactory(office=office_a),
            counsellor=counsellor_a,
            opened_on=datetime.date(2026, 2, 1 + index),
        )
    Case.objects.create(
        office=office_b,
        person=PersonFactory(office=office_b),
        counsellor=counsellor_b,
        opened_on=datetime.date(2026, 3, 1),
    )


@pytest.mark.parametrize("route", ROUTES)
def test_only_team_leads_and_administrators_get_the_report(
    client, counsellor_a, reader_a, team_lead, organisation, route
):
    url = reverse(route)
    assert client.get(url, YEAR).status_code == 302  # to the login
    for user in (counsellor_a, reader_a):
        client.force_login(user)
        assert client.get(url, YEAR).status_code == 403
    admin = UserFactory(office=None, organisation=organisation, role=Role.ADMIN, username="adm")
    for user in (team_lead, admin):
        client.force_login(user)
        assert client.get(url, YEAR).status_code in (200, 302)
        assert client.post(url, YEAR).status_code == 405


def test_the_report_page_shows_tables_charts_and_links_and_is_audited(client, team_lead, cases):
    client.force_login(team_lead)
    response = client.get(reverse("reports:report"), YEAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body and "<table" in body
    assert reverse("reports:xlsx") + "?kind=year" in body
    assert "&lt; 5" in body  # the single case of office B
    entry = AuditEntry.objects.get(action=audit_actions.REPORT_VIEWED)
    assert entry.actor == team_lead and entry.object_type == "core.organisation"
    # The form alone (no parameters) builds nothing and records nothing.
    assert client.get(reverse("reports:report")).status_code == 200
    assert AuditEntry.objects.filter(action=audit_actions.REPORT_VIEWED).count() == 1


def test_one_office_can_be_chosen(client, team_lead, office_a, cases):
    client.force_login(team_lead)
    response = client.get(reverse("reports:report"), {**YEAR, "office": office_a.pk})
    assert response.status_code == 200
    assert AuditEntry.objects.get(action=audit_actions.REPORT_VIEWED).office == office_a


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"kind": "custom", "start": "2026-05-01", "end": "2026-04-01"},
            "vor seinem Beginn",
        ),
        ({"kind": "custom", "start": "2026-05-01"}, "ersten und den letzten Tag"),
        ({"kind": "quarter", "year": "2026", "number": "7"}, "Quartal"),
        ({"kind": "year"}, "Bitte geben Sie ein Jahr an."),
        ({"kind": "year", "year": "zwanzig"}, "ganze Zahl"),
        ({"kind": "year", "year": "2026", "office": "999999"}, "gültige Auswahl"),
        ({"kind": "year", "year": "2026", "district": "00000"}, "gültige Auswahl"),
        ({"kind": "week", "year": "2026"}, "gültige Auswahl"),
        ({"kind": "custom", "start": "2026-02-31", "end": "2026-04-01"}, "gültiges Datum"),
    ],
)
def test_bad_parameters_get_german_messages(client, team_lead, cases, params, message):
    client.force_login(team_lead)
    response = client.get(reverse("reports:report"), params)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Fehler:" in body and message in body, body[body.find("error-summary") :][:600]
    assert not AuditEntry.objects.filter(action=audit_actions.REPORT_VIEWED).exists()
    for route in ("reports:xlsx", "reports:csv", "reports:print"):
        assert client.get(reverse(route), params).status_code == 302


def test_an_office_of_another_organisation_is_refused(client, team_lead, outsider, cases):
    client.force_login(team_lead)
    params = {**YEAR, "office": outsider.office_id}
    response = client.get(reverse("reports:report"), params)
    assert "gültige Auswahl" in response.content.decode()


def test_a_period_without_data_says_so(client, team_lead, cases):
    client.force_login(team_lead)
    response = client.get(reverse("reports:report"), {"kind": "year", "year": "1999"})
    assert response.status_code == 200
    assert "Für diesen Zeitraum und Umfang liegen keine Zahlen vor." in response.content.decode()
    response = client.get(reverse("reports:xlsx"), {"kind": "year", "year": "1999"}, follow=True)
    assert "keine Zahlen" in response.content.decode()


def test_xlsx_and_csv_downloads_load_back_and_are_audited(client, team_lead, cases):
    client.force_login(team_lead)
    response = client.get(reverse("reports:xlsx"), YEAR)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == (
        'attachment; filename="foerderbericht-20260101-20261231.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[-1] == "Hinweise" and len(workbook.sheetnames) > 1
    assert all(workbook[name].freeze_panes == "B2" for name in workbook.sheetnames[:-1])
    response = client.get(reverse("reports:csv"), YEAR)
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    assert b";" in response.content
    response = client.get(reverse("reports:print"), YEAR)
    assert response.status_code == 200 and b"<svg" in response.content
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        audit_actions.REPORT_XLSX_DOWNLOADED,
        audit_actions.REPORT_CSV_DOWNLOADED,
        audit_actions.REPORT_PRINTED,
    } <= actions


def test_the_protected_breakdowns_check_names_the_roles(counsellor_a, reader_a, team_lead):
    assert may_see_protected(team_lead)
    assert not may_see_protected(counsellor_a) and not may_see_protected(reader_a)


def test_names_with_markup_come_back_escaped_in_tables_charts_and_files(
    client, team_lead, organisation, office_a, cases
):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
    office_a.name = payload
    office_a.save()
    organisation.name = "=HYPERLINK(1)" + payload
    organisation.save()
    client.force_login(team_lead)
    for route in ("reports:report", "reports:print"):
        body = client.get(reverse(route), YEAR).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    content = client.get(reverse("reports:csv"), YEAR).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in content
