"""The public place search, the map page and a place's page, in German and Arabic (and the
other portal languages where the occupation names matter)."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from kausa.companies.models import CompanyContact
from kausa.core.tests.factories import CompanyFactory
from kausa.portal.places.models import PublicationStatus
from kausa.portal.places.tests.helpers import BERLIN, HALLE, LEIPZIG, MAGDEBURG, place
from kausa.vacancies.models import VacancyStatus

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "ar"]


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def found(response) -> list[int]:
    return [item.place.pk for item in response.context["all_places"]]


# --- occupation text in the visitor's language ---------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [("de", "Koch"), ("de", "cook"), ("ar", "طباخ"), ("uk", "кухар"), ("en", "cook")],
)
def test_the_occupation_is_understood_in_the_visitors_language(
    client, organisation, language, text
):
    cook = place(organisation)
    baker = place(organisation, occupation="baecker-in")
    response = client.get(url("portal_places:search", language), {"q": text})
    assert response.status_code == 200
    assert found(response) == [cook.pk]
    assert baker.pk not in found(response)
    assert cook.company.name in response.content.decode()


def test_a_typo_still_finds_the_occupation(client, organisation):
    cook = place(organisation)
    response = client.get(url("portal_places:search", "de"), {"q": "Kch"})
    assert found(response) == [cook.pk]


def test_a_word_for_several_occupations_finds_all_of_them(client, organisation):
    plain = place(organisation, occupation="mechatroniker-in")
    cold = place(organisation, occupation="mechatroniker-in-fuer-kaeltetechnik")
    cook = place(organisation)
    response = client.get(url("portal_places:search", "de"), {"q": "Mechatroniker"})
    assert set(found(response)) == {plain.pk, cold.pk}
    assert cook.pk not in found(response)


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "طباخ"), ("uk", "Кухар"), ("tr", "Aşçı"), ("de", None)]
)
def test_the_list_names_the_occupation_in_the_visitors_language(
    client, organisation, language, expected
):
    place(organisation)
    body = client.get(url("portal_places:search", language)).content.decode()
    assert 'lang="de">Koch/Köchin</' in body  # the German name always
    if expected:
        assert expected in body


def test_an_occupation_without_a_name_in_the_language_falls_back_to_german(client, organisation):
    paver = place(organisation, occupation="asphaltbauer-in")  # no Arabic name in the data
    response = client.get(url("portal_places:search", "ar"))
    [shown] = response.context["all_places"]
    assert shown.place.pk == paver.pk and shown.local_name is None
    assert '<span lang="de">Asphaltbauer/-in</span>' in response.content.decode()
    detail = client.get(url("portal_places:detail", "ar", paver.pk)).content.decode()
    assert '<h1><span lang="de">Asphaltbauer/-in</span></h1>' in detail


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_occupation_text_gives_a_message_and_no_list(client, organisation, language):
    place(organisation)
    response = client.get(url("portal_places:search", language), {"q": "xyzzyqq"})
    assert response.status_code == 200
    assert "q" in response.context["form"].errors
    assert found(response) == []
    assert 'class="error-summary"' in response.content.decode()


def test_a_wish_that_is_no_dual_training_is_explained(client, organisation):
    response = client.get(url("portal_places:search", "de"), {"q": "Krankenpfleger"})
    assert "Pflegeberufegesetz" in response.content.decode()


# --- postal code, radius, start -----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_radius_keeps_far_places_out_and_sorts_by_distance(client, organisation, language):
    halle = place(organisation, where=HALLE)
    leipzig = place(organisation, where=LEIPZIG)
    magdeburg = place(organisation, where=MAGDEBURG)
    berlin = place(organisation, where=BERLIN)
    search = url("portal_places:search", language)
    for radius, expected in [
        (10, [halle.pk]),
        (25, [halle.pk]),
        (50, [halle.pk, leipzig.pk]),
        (100, [halle.pk, leipzig.pk, magdeburg.pk]),
    ]:
        response = client.get(search, {"postal_code": "06108", "radius": radius})
        assert found(response) == expected, radius
    assert berlin.pk not in found(response)
    distances = [item.distance_km for item in response.context["all_places"]]
    assert distances == sorted(distances) and distances[-1] > 70
    body = response.content.decode()
    assert "?postal_code=06108" in body  # the place's page shows the distance too


def test_a_postal_code_alone_searches_the_default_distance(client, organisation):
    halle = place(organisation, where=HALLE)
    place(organisation, where=LEIPZIG)  # about 30 km: beyond the default 25 km
    response = client.get(url("portal_places:search", "de"), {"postal_code": "06108"})
    assert found(response) == [halle.pk]
    assert '<option value="25" selected>' in response.content.decode()


def test_without_a_postal_code_every_place_is_listed_by_start(client, organisation):
    later = place(organisation, where=BERLIN, start_in_days=200)
    sooner = place(organisation, where=HALLE, start_in_days=30)
    response = client.get(url("portal_places:search", "de"))
    assert found(response) == [sooner.pk, later.pk]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_start_filter(client, organisation, language):
    soon = place(organisation, start_in_days=20)
    late = place(organisation, start_in_days=400)
    month = timezone.localdate() + datetime.timedelta(days=200)
    response = client.get(url("portal_places:search", language), {"start": month.strftime("%Y-%m")})
    assert found(response) == [late.pk]
    assert soon.pk not in found(response)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"postal_code": "99999"}, "postal_code"),
        ({"postal_code": "abcde"}, "postal_code"),
        ({"postal_code": "1" * 10_000}, "postal_code"),
        ({"postal_code": "06108", "radius": "7"}, "radius"),
        ({"postal_code": "06108", "radius": "x" * 500}, "radius"),
        ({"start": "2027-13"}, "start"),
        ({"start": "tomorrow"}, "start"),
        ({"q": "Koch" * 2500}, "q"),
    ],
)
def test_bad_input_gives_a_message_never_a_500(client, organisation, language, params, field):
    place(organisation)
    response = client.get(url("portal_places:search", language), params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert found(response) == []
    body = response.content.decode()
    assert f'lang="{language}"' in body and 'class="error-summary"' in body


def test_html_in_the_search_is_escaped(client, organisation):
    response = client.get(
        url("portal_places:search", "de"), {"q": "<b>x</b><script>alert(1)</script>"}
    )
    body = response.content.decode()
    assert "<script>alert(1)" not in body and "<b>x</b>" not in body
    assert "&lt;script&gt;" in body


def test_the_list_has_twenty_places_per_page(client, organisation):
    company = CompanyFactory(organisation=organisation)
    places = [place(organisation, company=company, start_in_days=10 + n) for n in range(23)]
    first = client.get(url("portal_places:search", "de"), {"q": "Koch"})
    second = client.get(url("portal_places:search", "de"), {"q": "Koch", "page": 2})
    assert [item.place.pk for item in first.context["page"]] == [p.pk for p in places[:20]]
    assert [item.place.pk for item in second.context["page"]] == [p.pk for p in places[20:]]
    assert "q=Koch&amp;page=2" in first.content.decode()


# --- only public places --------------------------------------------------------------------


@pytest.fixture
def hidden_places(organisation, outsider, settings):
    settings.PORTAL_ORGANISATION_ID = organisation.pk
    archived = place(organisation)
    archived.archived_at = timezone.now()
    archived.save()
    company_archived = place(organisation)
    company_archived.company.archived_at = timezone.now()
    company_archived.company.save()
    return [
        place(organisation, status=PublicationStatus.PENDING),
        place(organisation, status=PublicationStatus.REJECTED),
        place(organisation, status=PublicationStatus.WITHDRAWN),
        place(organisation, status=None),
        _filled(organisation),
        archived,
        company_archived,
        place(organisation, start_in_days=-90),
        place(outsider.organisation),
    ]


def _filled(organisation):
    vacancy = place(organisation)
    vacancy.status = VacancyStatus.FILLED
    vacancy.save()
    return vacancy


@pytest.mark.parametrize("language", LANGUAGES)
def test_places_that_are_not_public_are_never_listed_or_shown(
    client, organisation, hidden_places, language
):
    public = place(organisation)
    for name in ("portal_places:search", "portal_places:map"):
        response = client.get(url(name, language))
        assert found(response) == [public.pk], name
        response = client.get(url(name, language), {"q": "Koch", "postal_code": "06108"})
        assert found(response) == [public.pk], name
    map_data = json.loads(
        re.search(
            r'<script id="place-map-data" type="application/json">(.*?)</script>',
            client.get(url("portal_places:map", language)).content.decode(),
            re.S,
        ).group(1)
    )
    assert len(map_data["places"]) == 1
    for hidden in hidden_places:
        assert client.get(url("portal_places:detail", language, hidden.pk)).status_code == 404
    assert client.get(url("portal_places:detail", language, public.pk)).status_code == 200
    assert client.get(url("portal_places:detail", language, 2**70)).status_code == 404


# --- the map page ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_map_page_embeds_the_places_as_json_and_keeps_the_list(client, organisation, language):
    cook = place(organisation, where=HALLE)
    cook.company.name = 'Küche "</script><b>'
    cook.company.save()
    place(organisation, where=BERLIN)
    response = client.get(url("portal_places:map", language), {"postal_code": "06108"})
    body = response.content.decode()
    assert response.status_code == 200
    match = re.search(
        r'<script id="place-map-data" type="application/json">(.*?)</script>', body, re.S
    )
    data = json.loads(match.group(1))
    assert [item["url"].split("?")[0] for item in data["places"]] == [
        url("portal_places:detail", language, cook.pk)
    ]
    assert data["places"][0]["company"] == 'Küche "</script><b>'
    assert data["tiles"]["url"] == settings.MAP_TILE_URL
    assert data["tiles"]["attribution"] == settings.MAP_TILE_ATTRIBUTION
    assert "<b>" not in body.replace("<b>x", "")
    assert set(data["places"][0]) == {"lat", "lon", "title", "company", "town", "url"}
    assert "events/vendor/leaflet/leaflet.js" in body  # loaded on the visitor's click
    assert 'class="result-list"' in body  # the list works without JavaScript
    assert settings.MAP_TILE_ORIGIN in response["Content-Security-Policy"]
    # the list page loads no map at all
    assert "leaflet" not in client.get(url("portal_places:search", language)).content.decode()


def test_the_map_page_without_places_keeps_the_sites_policy(client, organisation):
    from kausa.core.middleware import CONTENT_SECURITY_POLICY

    response = client.get(url("portal_places:map", "de"))
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "place-map-data" not in response.content.decode()


# --- a place's page -----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_place_page_shows_the_place_in_plain_words(client, organisation, language):
    from kausa.core.choices import GermanLevel, SchoolCertificate

    cook = place(
        organisation,
        required_school_certificate=SchoolCertificate.LOWER_SECONDARY,
        required_german_level=GermanLevel.B1,
        requires_driving_licence=True,
        seats=3,
    )
    response = client.get(url("portal_places:detail", language, cook.pk), {"postal_code": "04109"})
    body = response.content.decode()
    assert response.status_code == 200
    assert cook.company.name in body and "Halle (Saale)" in body and "Koch/Köchin" in body
    if language == "ar":
        assert "طباخ" in body
    assert "B1" in body
    assert response.context["distance_km"] == pytest.approx(32, abs=3)
    with translation.override(language):
        from django.utils.translation import gettext

        assert gettext("You need a driving licence for a car.") in body
        assert gettext("You need German at level %(level)s.") % {"level": "B1"} in body
    ask = url("portal_enquiries:create", language)
    assert f'href="{ask}?place={cook.pk}"' in body


def test_the_place_page_shows_no_contact_data_of_the_company(client, organisation):
    cook = place(organisation)
    company = cook.company
    company.email = "chef@kueche-geheim.example"
    company.phone = "0345 999 111"
    company.street = "Geheimweg 7"
    company.save()
    CompanyContact.objects.create(
        company=company,
        name="Erika Ausbilderin",
        email="erika@kueche-geheim.example",
        phone="0170 1234567",
        role="Ausbilderin",
    )
    for page in (
        client.get(url("portal_places:detail", "de", cook.pk)),
        client.get(url("portal_places:search", "de")),
        client.get(url("portal_places:map", "de")),
    ):
        body = page.content.decode()
        assert company.name in body
        for secret in ("kueche-geheim", "0345 999", "Erika", "0170 1234567", "Geheimweg"):
            assert secret not in body


def test_html_in_the_description_is_escaped_with_its_line_breaks(client, organisation):
    cook = place(organisation, description="Erste Zeile\n<script>alert('x')</script><b>fett</b>")
    body = client.get(url("portal_places:detail", "ar", cook.pk)).content.decode()
    assert "<script>alert" not in body and "<b>fett</b>" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
    assert "Erste Zeile<br>" in body


def test_a_wrong_postal_code_on_the_place_page_shows_no_distance(client, organisation):
    cook = place(organisation)
    response = client.get(url("portal_places:detail", "de", cook.pk), {"postal_code": "x" * 5000})
    assert response.status_code == 200
    assert response.context["distance_km"] is None
