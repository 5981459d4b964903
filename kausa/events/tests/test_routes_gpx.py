"""The GPX export: valid GPX 1.1 (official schema), stops in order, no personal data."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema

from kausa.events.gpx import GpxStop, route_gpx

SCHEMA_PATH = Path(__file__).parent / "data" / "gpx-1.1.xsd"
NS = {"gpx": "http://www.topografix.com/GPX/1/1"}


@pytest.fixture(scope="module")
def gpx_schema():
    return xmlschema.XMLSchema(SCHEMA_PATH)


STOPS = [
    GpxStop(
        "Treffpunkt Hauptbahnhof", "Bahnhofstraße 1, 39104 Magdeburg", "09:00–09:10", 52.13, 11.63
    ),
    GpxStop(
        "Elektro Yilmaz GmbH", "Breiter Weg 12, 39104 Magdeburg", "09:25–10:00", 52.125, 11.635
    ),
    GpxStop("Bäckerei <Öz> & Söhne", "", "10:15–10:45", 52.12, 11.64),
]


def test_the_schema_is_the_official_gpx_1_1_schema(gpx_schema):
    assert gpx_schema.target_namespace == NS["gpx"]
    assert {"gpxType", "wptType", "rteType", "trkType", "latitudeType"} <= set(gpx_schema.types)


def test_route_gpx_is_valid_gpx_1_1(gpx_schema):
    xml = route_gpx(name="JOBWALK Magdeburg", stops=STOPS, description="JOBWALK")
    gpx_schema.validate(xml)  # raises on any violation
    assert gpx_schema.is_valid(xml)


def test_the_schema_check_catches_a_broken_file(gpx_schema):
    xml = route_gpx(name="JOBWALK", stops=STOPS)
    assert not gpx_schema.is_valid(xml.replace('lat="52.13"', 'lat="152.13"'))
    assert not gpx_schema.is_valid(xml.replace("<rte>", "<route>").replace("</rte>", "</route>"))


def test_waypoints_and_route_points_follow_the_stops_in_order():
    root = ElementTree.fromstring(route_gpx(name="JOBWALK", stops=STOPS))  # noqa: S314 (own output)
    waypoints = root.findall("gpx:wpt", NS)
    route_points = root.findall("gpx:rte/gpx:rtept", NS)
    expected = ["1. Treffpunkt Hauptbahnhof", "2. Elektro Yilmaz GmbH", "3. Bäckerei <Öz> & Söhne"]
    assert [w.findtext("gpx:name", namespaces=NS) for w in waypoints] == expected
    assert [p.findtext("gpx:name", namespaces=NS) for p in route_points] == expected
    assert [float(p.get("lat")) for p in route_points] == [52.13, 52.125, 52.12]
    descriptions = [w.findtext("gpx:desc", namespaces=NS) for w in waypoints]
    assert descriptions[0] == "Bahnhofstraße 1, 39104 Magdeburg · 09:00–09:10"
    assert descriptions[2] == "10:15–10:45"
    assert root.get("creator") == "KAUSA Hub" and root.get("version") == "1.1"


def test_the_stop_type_has_no_place_for_personal_data():
    assert set(GpxStop.__dataclass_fields__) == {
        "label",
        "address",
        "time_slot",
        "latitude",
        "longitude",
    }


def test_control_characters_do_not_break_the_xml(gpx_schema):
    stops = [GpxStop("A\x00B\x1f", "Straße\x0b 1", "09:00–09:30", 52.1, 11.6)]
    xml = route_gpx(name="Tour\x07", stops=stops)
    assert gpx_schema.is_valid(xml)
    assert "AB" in xml


def test_a_route_without_stops_is_refused():
    with pytest.raises(ValueError, match="at least one stop"):
        route_gpx(name="Leer", stops=[])
