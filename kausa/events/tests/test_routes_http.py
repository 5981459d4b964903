"""The route pages over HTTP: adding stops, optimising, GPX, route sheet, access, escaping."""

from __future__ import annotations

import itertools
import re
import zoneinfo
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from kausa import settings as kausa_settings
from kausa.companies.models import CompanyContact
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import OrganisationFactory
from kausa.events import routing
from kausa.events.models import EventKind, RouteStop, TravelMode
from kausa.events.services import routes as route_services
from kausa.events.tests.test_routes_services import (
    add_point,
    magdeburg_company,
    positions,
    route_event,
)
from kausa.reference import gazetteer

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).parent / "data" / "gpx-1.1.xsd"
NS = {"gpx": "http://www.topografix.com/GPX/1/1"}


def _login(client, user):
    client.force_login(user)
    return client


def _messages(response):
    return " ".join(str(message) for message in response.context["messages"])


@pytest.fixture
def jobwalk(counsellor_a):
    return route_event(counsellor_a.office, title="JOBWALK Stadtfeld")


def test_route_page_lists_stops_with_times_and_explains_the_estimate(client, counsellor_a):
    event = route_event(counsellor_a.office, travel_mode=TravelMode.DRIVING)
    add_point(counsellor_a, event, "Treffpunkt Hauptbahnhof", 52.130, 11.627, stay_minutes=10)
    add_point(counsellor_a, event, "Autohaus Becker", 52.150, 11.650, stay_minutes=40)
    response = _login(client, counsellor_a).get(reverse("events:route", args=[event.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Treffpunkt Hauptbahnhof" in page and "Autohaus Becker" in page
    assert "Luftlinie × Umwegfaktor 1,4" in page and "30 km/h" in page
    start = event.starts_at.astimezone(zoneinfo.ZoneInfo(event.time_zone)).strftime("%H:%M")
    assert start in page
    # The map: data block, vendored Leaflet, no inline code; tiles allowed on this page only.
    assert 'id="route-map-data" type="application/json"' in page
    assert "events/vendor/leaflet/leaflet.js" in page and "events/route_map.js" in page
    inline = [
        tag for tag in re.findall(r"<script[^>]*>", page) if "src=" not in tag and "json" not in tag
    ]
    assert inline == []
    img_src = next(
        part
        for part in response["Content-Security-Policy"].split("; ")
        if part.startswith("img-src")
    )
    assert img_src == "img-src 'self' data: https://tile.openstreetmap.org"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_other_pages_keep_the_strict_image_policy(client, counsellor_a, jobwalk):
    response = _login(client, counsellor_a).get(reverse("events:route_sheet", args=[jobwalk.pk]))
    assert "tile.openstreetmap.org" not in response["Content-Security-Policy"]


def test_tile_server_comes_from_the_settings(client, counsellor_a, jobwalk, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ORIGIN = "https://tiles.example.org"
    add_point(counsellor_a, jobwalk, "Treffpunkt", 52.13, 11.62)
    response = _login(client, counsellor_a).get(reverse("events:route", args=[jobwalk.pk]))
    assert "https://tiles.example.org" in response["Content-Security-Policy"]
    assert "tiles.example.org/{z}/{x}/{y}.png" in response.content.decode()


def test_tile_origin_is_derived_from_the_url():
    assert (
        kausa_settings._tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png")
        == "https://*.tile.example.org"
    )
    with pytest.raises(ImproperlyConfigured):
        kausa_settings._tile_origin("javascript:alert(1)")
    with pytest.raises(ImproperlyConfigured):
        kausa_settings._tile_origin("https://a.org; script-src *")


def test_add_a_company_stop(client, counsellor_a, jobwalk):
    company = magdeburg_company(counsellor_a.organisation, name="Tischlerei Lange")
    CompanyContact.objects.create(company=company, name="Ayşe Demir", phone="0391 1234")
    response = _login(client, counsellor_a).post(
        reverse("events:route_stop_add", args=[jobwalk.pk]),
        {"kind": "company", "company-company": company.pk, "company-stay_minutes": "45"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("events:route", args=[jobwalk.pk])
    stop = RouteStop.objects.get(event=jobwalk)
    assert (stop.label, stop.company, stop.stay_minutes) == ("Tischlerei Lange", company, 45)
    assert (stop.contact_name, stop.contact_phone) == ("Ayşe Demir", "0391 1234")
    assert "Tischlerei Lange" in response.content.decode()
    # The contact person is on the route sheet, not on the route page or in the map data.
    assert "Ayşe Demir" not in response.content.decode()
    sheet = client.get(reverse("events:route_sheet", args=[jobwalk.pk])).content.decode()
    assert "Ayşe Demir" in sheet and "0391 1234" in sheet


def test_company_choice_offers_only_active_companies_of_the_organisation(
    client, counsellor_a, jobwalk
):
    magdeburg_company(counsellor_a.organisation, name="Aktiv GmbH")
    magdeburg_company(counsellor_a.organisation, name="Archiv GmbH", archived_at=timezone.now())
    foreign = magdeburg_company(OrganisationFactory(name="Fremde Stelle"), name="Fremd GmbH")
    client = _login(client, counsellor_a)
    page = client.get(reverse("events:route", args=[jobwalk.pk])).content.decode()
    assert "Aktiv GmbH" in page
    assert "Archiv GmbH" not in page and "Fremd GmbH" not in page
    response = client.post(
        reverse("events:route_stop_add", args=[jobwalk.pk]),
        {"kind": "company", "company-company": foreign.pk, "company-stay_minutes": "30"},
        follow=True,
    )
    assert response.status_code == 200
    assert "nicht hinzugefügt" in _messages(response)
    assert not RouteStop.objects.exists()


def test_add_a_free_point_by_postal_code(client, counsellor_a):
    tour = route_event(counsellor_a.office, kind=EventKind.BUS_TOUR)
    response = _login(client, counsellor_a).post(
        reverse("events:route_stop_add", args=[tour.pk]),
        {
            "kind": "point",
            "point-label": "Abholung Berufsschule",
            "point-address": "Schulweg 1",
            "point-postal_code": "39104",
            "point-stay_minutes": "5",
            "point-is_pickup": "on",
        },
    )
    assert response.status_code == 302
    stop = RouteStop.objects.get(event=tour)
    entry = gazetteer.lookup("39104")
    assert (stop.latitude, stop.longitude) == (entry.latitude, entry.longitude)
    assert stop.is_pickup and stop.address == "Schulweg 1, 39104 Magdeburg"


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "point", "point-label": "X", "point-stay_minutes": "5"},
        {
            "kind": "point",
            "point-label": "X",
            "point-postal_code": "99999",
            "point-stay_minutes": "5",
        },
        {"kind": "point", "point-label": "X", "point-latitude": "52.1", "point-stay_minutes": "5"},
        {
            "kind": "point",
            "point-label": "X",
            "point-latitude": "nan",
            "point-longitude": "1",
            "point-stay_minutes": "5",
        },
        {
            "kind": "point",
            "point-label": "",
            "point-postal_code": "39104",
            "point-stay_minutes": "5",
        },
        {
            "kind": "company",
            "company-company": "99999999999999999999999",
            "company-stay_minutes": "5",
        },
        {"kind": "company", "company-company": "abc", "company-stay_minutes": "-1"},
    ],
)
def test_bad_input_changes_nothing_and_explains_in_german(client, counsellor_a, jobwalk, data):
    response = _login(client, counsellor_a).post(
        reverse("events:route_stop_add", args=[jobwalk.pk]), data, follow=True
    )
    assert response.status_code == 200
    assert "Die Station wurde nicht hinzugefügt" in _messages(response)
    assert not RouteStop.objects.exists()


def test_optimise_puts_the_stops_in_the_brute_force_best_order(client, counsellor_a, jobwalk):
    coordinates = [
        (52.130, 11.600),
        (52.160, 11.660),
        (52.131, 11.610),
        (52.150, 11.640),
        (52.140, 11.620),
        (52.165, 11.670),
    ]
    for number, (lat, lon) in enumerate(coordinates):
        add_point(counsellor_a, jobwalk, f"S{number}", lat, lon)
    points = [routing.Point(*c) for c in coordinates]
    best = min(
        itertools.permutations(range(1, len(points))),
        key=lambda order: routing.path_length_km(points, (0, *order)),
    )
    expected = [f"S{i}" for i in (0, *best)]
    assert expected != [f"S{i}" for i in range(len(points))]
    response = _login(client, counsellor_a).post(
        reverse("events:route_optimise", args=[jobwalk.pk]), follow=True
    )
    assert [label for label, _ in positions(jobwalk)] == expected
    assert "kürzeste" in _messages(response)


def test_optimise_with_more_than_fifteen_stops_explains_why_not(client, counsellor_a, jobwalk):
    for number in range(16):
        add_point(counsellor_a, jobwalk, f"S{number}", 52.1 + (number % 3) / 100, 11.6)
    before = positions(jobwalk)
    response = _login(client, counsellor_a).post(
        reverse("events:route_optimise", args=[jobwalk.pk]), follow=True
    )
    assert "höchstens 15" in _messages(response)
    assert positions(jobwalk) == before


def test_move_and_remove(client, counsellor_a, jobwalk):
    a = add_point(counsellor_a, jobwalk, "A", 52.1, 11.6)
    b = add_point(counsellor_a, jobwalk, "B", 52.2, 11.6)
    client = _login(client, counsellor_a)
    client.post(reverse("events:route_stop_move", args=[b.pk]), {"direction": "up"})
    assert positions(jobwalk) == [("B", 1), ("A", 2)]
    response = client.post(
        reverse("events:route_stop_move", args=[b.pk]), {"direction": "up"}, follow=True
    )
    assert "bereits die erste" in _messages(response)
    client.post(reverse("events:route_stop_remove", args=[a.pk]))
    assert positions(jobwalk) == [("B", 1)]


def test_gpx_is_valid_and_lists_the_stops_in_order_without_personal_data(
    client, counsellor_a, jobwalk
):
    company = magdeburg_company(counsellor_a.organisation, name="Tischlerei Lange")
    CompanyContact.objects.create(company=company, name="Ayşe Demir", phone="0391 1234")
    add_point(counsellor_a, jobwalk, "Treffpunkt Hbf", 52.130, 11.627, stay_minutes=10)
    route_services.stop_add(actor=counsellor_a, event=jobwalk, company=company)
    add_point(
        counsellor_a,
        jobwalk,
        "Ende am Dom",
        52.124,
        11.634,
        contact_name="Jonas Weber",
        contact_phone="0170 555",
    )
    response = _login(client, counsellor_a).get(reverse("events:route_gpx", args=[jobwalk.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/gpx+xml"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"route-{jobwalk.pk}-" in disposition
    assert "Stadtfeld" not in disposition
    xml = response.content.decode("utf-8")
    xmlschema.XMLSchema(SCHEMA).validate(xml)
    root = ElementTree.fromstring(xml)  # noqa: S314 (our own response)
    names = [p.findtext("gpx:name", namespaces=NS) for p in root.findall("gpx:rte/gpx:rtept", NS)]
    assert names == ["1. Treffpunkt Hbf", "2. Tischlerei Lange", "3. Ende am Dom"]
    assert len(root.findall("gpx:wpt", NS)) == 3
    for personal in ("Ayşe", "Demir", "0391 1234", "Jonas", "0170 555"):
        assert personal not in xml
    entry = AuditEntry.objects.get(action="events.route.gpx_downloaded")
    assert entry.object_id == str(jobwalk.pk) and entry.actor == counsellor_a


def test_gpx_of_a_route_without_stops_is_refused_with_a_message(client, counsellor_a, jobwalk):
    response = _login(client, counsellor_a).get(
        reverse("events:route_gpx", args=[jobwalk.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("events:route", args=[jobwalk.pk]), 302)]
    assert "noch keine Stationen" in _messages(response)
    assert response["Content-Type"].startswith("text/html")
    assert not AuditEntry.objects.filter(action="events.route.gpx_downloaded").exists()


def test_event_without_route_shows_a_note_and_no_forms(client, counsellor_a):
    fair = route_event(counsellor_a.office, kind=EventKind.FAIR)
    page = _login(client, counsellor_a).get(reverse("events:route", args=[fair.pk]))
    assert page.status_code == 200
    assert "JOBWALK" in page.content.decode()
    assert reverse("events:route_stop_add", args=[fair.pk]) not in page.content.decode()


def test_counsellor_of_another_office_and_outsider_get_404(
    client, counsellor_a, counsellor_b, outsider, jobwalk
):
    stop = add_point(counsellor_a, jobwalk, "Treffpunkt", 52.1, 11.6)
    for user in (counsellor_b, outsider):
        client = _login(client, user)
        for name in ("events:route", "events:route_sheet", "events:route_gpx"):
            assert client.get(reverse(name, args=[jobwalk.pk])).status_code == 404
        for name in ("events:route_stop_add", "events:route_optimise"):
            assert client.post(reverse(name, args=[jobwalk.pk]), {}).status_code == 404
        for name in ("events:route_stop_move", "events:route_stop_remove"):
            response = client.post(reverse(name, args=[stop.pk]), {"direction": "down"})
            assert response.status_code == 404
    assert positions(jobwalk) == [("Treffpunkt", 1)]


def test_read_only_colleague_and_team_lead_read_but_get_403_on_changes(
    client, counsellor_a, reader_a, team_lead, jobwalk
):
    first = add_point(counsellor_a, jobwalk, "Treffpunkt", 52.1, 11.6)
    add_point(counsellor_a, jobwalk, "Betrieb", 52.2, 11.7, contact_name="Jonas Weber")
    for user in (reader_a, team_lead):
        client = _login(client, user)
        page = client.get(reverse("events:route", args=[jobwalk.pk]))
        assert page.status_code == 200
        assert reverse("events:route_optimise", args=[jobwalk.pk]) not in page.content.decode()
        assert client.get(reverse("events:route_sheet", args=[jobwalk.pk])).status_code == 200
        assert client.get(reverse("events:route_gpx", args=[jobwalk.pk])).status_code == 200
        data = {
            "kind": "point",
            "point-label": "X",
            "point-postal_code": "39104",
            "point-stay_minutes": "5",
        }
        assert (
            client.post(reverse("events:route_stop_add", args=[jobwalk.pk]), data).status_code
            == 403
        )
        assert client.post(reverse("events:route_optimise", args=[jobwalk.pk])).status_code == 403
        for name in ("events:route_stop_move", "events:route_stop_remove"):
            response = client.post(reverse(name, args=[first.pk]), {"direction": "down"})
            assert response.status_code == 403
    assert positions(jobwalk) == [("Treffpunkt", 1), ("Betrieb", 2)]


def test_get_on_actions_is_refused(client, counsellor_a, jobwalk):
    stop = add_point(counsellor_a, jobwalk, "Treffpunkt", 52.1, 11.6)
    client = _login(client, counsellor_a)
    assert client.get(reverse("events:route_optimise", args=[jobwalk.pk])).status_code == 405
    assert client.get(reverse("events:route_stop_remove", args=[stop.pk])).status_code == 405
    assert RouteStop.objects.filter(pk=stop.pk).exists()


def test_a_script_in_a_stop_label_is_shown_as_text(client, counsellor_a, jobwalk):
    label = '<script>alert("x")</script>'
    add_point(counsellor_a, jobwalk, label, 52.1, 11.6, contact_name="<b>Bold</b>")
    add_point(counsellor_a, jobwalk, "Zweiter Halt", 52.2, 11.6)
    client = _login(client, counsellor_a)
    page = client.get(reverse("events:route", args=[jobwalk.pk])).content.decode()
    assert label not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "\\u003Cscript\\u003E" in page  # the map's JSON data block, escaped by json_script
    sheet = client.get(reverse("events:route_sheet", args=[jobwalk.pk])).content.decode()
    assert label not in sheet and "<b>Bold</b>" not in sheet
    assert "&lt;b&gt;Bold&lt;/b&gt;" in sheet
    gpx = client.get(reverse("events:route_gpx", args=[jobwalk.pk])).content.decode()
    assert "<script>" not in gpx and "&lt;script&gt;" in gpx


def test_an_unknown_time_zone_or_huge_ids_do_not_break_the_pages(client, counsellor_a, jobwalk):
    jobwalk.time_zone = "Europe"  # a directory of the zone database, not a zone
    jobwalk.save()
    add_point(counsellor_a, jobwalk, "Treffpunkt", 52.1, 11.6)
    client = _login(client, counsellor_a)
    assert client.get(reverse("events:route", args=[jobwalk.pk])).status_code == 200
    assert client.get(reverse("events:route_gpx", args=[jobwalk.pk])).status_code == 200
    huge = 10**22
    assert client.get(reverse("events:route", args=[huge])).status_code == 404
    response = client.post(reverse("events:route_stop_remove", args=[huge]))
    assert response.status_code == 404
