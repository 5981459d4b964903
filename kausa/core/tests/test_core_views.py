"""Overview, login, language, audit log, health check and response headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.audit import audit_log
from kausa.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_german_by_default_whatever_the_browser_asks(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de"' in body
    assert "Anmelden" in body
    assert 'href="#main"' in body


def test_login_with_password_reaches_the_overview(client, counsellor_a):
    response = client.post(
        reverse("login"),
        {"username": "berater.a", "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == reverse("workbench:dashboard")
    assert "KAUSA Magdeburg" in response.content.decode()


def test_english_is_available(client, counsellor_a):
    client.force_login(counsellor_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("people:list")).content.decode()
    assert '<html lang="en"' in body
    assert "Register a person" in body


def test_dashboard_counts_only_own_office_people(client, counsellor_a, office_b):
    PersonFactory(office=counsellor_a.office)
    PersonFactory(office=office_b)
    client.force_login(counsellor_a)
    assert client.get(reverse("workbench:dashboard")).context["counts"]["people"] == 1


def test_audit_log_is_for_team_leads_only(client, counsellor_a, team_lead, outsider):
    client.force_login(counsellor_a)
    assert client.get(reverse("core:audit")).status_code == 403
    person = PersonFactory(office=counsellor_a.office)
    audit_log(actor=counsellor_a, action="people.person.created", obj=person, office=person.office)
    audit_log(
        actor=outsider, action="people.person.created", obj=PersonFactory(office=outsider.office)
    )
    # The entry stays visible to the team lead after the actor's account is gone.
    counsellor_a.delete()
    client.force_login(team_lead)
    response = client.get(reverse("core:audit"), {"area": "people"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1


def test_healthz_reports_database_and_migrations(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "worker": "ok",
    }


def test_security_headers_and_no_store_for_staff_pages(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.get(reverse("people:list"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"


def test_unknown_page_is_a_plain_404(client, counsellor_a):
    client.force_login(counsellor_a)
    assert client.get("/staff/people/999999/").status_code == 404


def test_offices_page_lists_the_organisations_offices(client, counsellor_a, office_b, outsider):
    client.force_login(counsellor_a)
    body = client.get(reverse("core:offices")).content.decode()
    assert "KAUSA Magdeburg" in body and "KAUSA Halle" in body
    assert outsider.office.name not in body


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "15003"}, ["Magdeburg"]),
        ({"q": "salzland"}, ["Salzlandkreis"]),
        ({"q": "1500"}, ["Dessau-Roßlau", "Halle (Saale)", "Magdeburg"]),
    ],
)
def test_districts_can_be_found_by_key_or_name(client, counsellor_a, params, expected):
    client.force_login(counsellor_a)
    page = client.get(reverse("core:districts"), params).context["page"]
    assert sorted(district.name for district in page.object_list) == expected


def test_districts_filter_by_state(client, counsellor_a):
    client.force_login(counsellor_a)
    page = client.get(reverse("core:districts"), {"state": "Sachsen-Anhalt"}).context["page"]
    assert page.paginator.count == 14
