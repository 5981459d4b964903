"""The office finder: postal code → the office serving its district; unknown or malformed
codes get a message; "I live abroad" lists the offices; other organisations never show."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kausa.core.models import Office
from kausa.core.tests.factories import OfficeFactory, OrganisationFactory, district

pytestmark = pytest.mark.django_db

UNKNOWN = "We do not know this postal code. Please check it."
MALFORMED = "A postal code has 5 digits, for example 39104. Please check it."


def finder(client, language, **params):
    with translation.override(language):
        path = reverse("portal_content:offices")
    return client.get(path, params)


@pytest.fixture
def offices(office_a, office_b, settings):
    Office.objects.filter(pk=office_a.pk).update(
        street="Breiter Weg 1",
        postal_code="39104",
        place="Magdeburg",
        phone="0391 123456",
        email="magdeburg@kausa.example",
        opening_hours="Mo–Do 9–16 Uhr",
    )
    office_a.districts_served.set([district("15003"), district("15089")])
    office_b.districts_served.set([district("15002")])
    other = OrganisationFactory(name="Andere Landesstelle")
    foreign = OfficeFactory(organisation=other, name="Fremde Stelle Magdeburg")
    foreign.districts_served.set([district("15003")])
    settings.PORTAL_ORGANISATION_ID = office_a.organisation_id
    return office_a, office_b, foreign


@pytest.mark.parametrize("language", ["de", "ar"])
def test_known_postal_code_shows_the_office_serving_its_district(client, offices, language):
    response = finder(client, language, postal_code="39104")
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"] == [offices[0]]
    assert "KAUSA Magdeburg" in body and "KAUSA Halle" not in body
    assert "Fremde Stelle" not in body  # another organisation's office never shows
    assert "Breiter Weg 1" in body and "Mo–Do 9–16 Uhr" in body
    assert '<bdi class="ltr" dir="ltr">39104</bdi>' in body
    assert '<bdi class="ltr" dir="ltr">0391 123456</bdi>' in body
    assert 'href="tel:0391123456"' in body
    assert '<bdi class="ltr" dir="ltr">magdeburg@kausa.example</bdi>' in body


def test_halle_goes_to_the_halle_office(client, offices):
    response = finder(client, "de", postal_code=" 06108 ")
    assert response.context["results"] == [offices[1]]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99999", UNKNOWN),
        ("00000", UNKNOWN),
        ("3910", MALFORMED),
        ("abcde", MALFORMED),
        ("<script>alert(1)</script>", MALFORMED),
        ("1" * 10_000, MALFORMED),
    ],
)
def test_unknown_or_malformed_postal_code_gets_a_clear_message(
    client, offices, language, code, message
):
    response = finder(client, language, postal_code=code)
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["results"] is None
    with translation.override(language):
        assert gettext(message) in body
    assert "<script>alert(1)</script>" not in body
    assert "KAUSA Magdeburg" not in body


def test_empty_search_asks_for_a_postal_code(client, offices):
    body = finder(client, "de", postal_code="").content.decode()
    assert 'class="error-summary"' in body


@pytest.mark.parametrize("language", ["de", "ar"])
def test_abroad_lists_the_portal_organisations_offices(client, offices, language):
    response = finder(client, language, abroad="on")
    assert response.context["results"] == sorted(offices[:2], key=lambda o: o.name)
    assert "Fremde Stelle" not in response.content.decode()


def test_a_district_nobody_serves_falls_back_to_the_office_located_there(client, offices):
    offices[1].districts_served.clear()  # Halle serves nothing; it is located in 15002
    response = finder(client, "de", postal_code="06108")
    assert response.context["results"] == [offices[1]]


def test_a_code_no_office_is_responsible_for_lists_all_offices_with_a_note(client, offices):
    response = finder(client, "de", postal_code="10115")  # Berlin
    assert response.context["no_office"] is True
    assert {o.pk for o in response.context["results"]} == {offices[0].pk, offices[1].pk}
    assert "Fremde Stelle" not in response.content.decode()


def test_with_no_portal_organisation_no_office_is_shown(client, offices, settings):
    settings.PORTAL_ORGANISATION_ID = 0  # two organisations, none named
    response = finder(client, "de", postal_code="39104")
    assert response.context["results"] == []
    assert "KAUSA Magdeburg" not in response.content.decode()


def test_the_finder_form_shows_without_a_search(client, offices):
    response = finder(client, "ar")
    assert response.status_code == 200 and response.context["results"] is None
    assert 'name="postal_code"' in response.content.decode()
    assert 'class="error-summary"' not in response.content.decode()


def test_home_page_has_the_finder_and_the_tiles(client, offices):
    with translation.override("ar"):
        home = reverse("portal:home")
        offices_url = reverse("portal_content:offices")
    body = client.get(home).content.decode()
    assert f'action="{offices_url}"' in body
    assert 'name="postal_code"' in body
