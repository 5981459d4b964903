"""Tests of the postal-code gazetteer against real facts. Plain pytest, no Django."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kausa.reference import gazetteer
from kausa.reference.gazetteer import District, PostalCodeEntry


@pytest.mark.parametrize(
    ("code", "place", "key", "district_name", "state"),
    [
        ("39104", "Magdeburg", "15003", "Magdeburg", "Sachsen-Anhalt"),
        ("06108", "Halle (Saale)", "15002", "Halle (Saale)", "Sachsen-Anhalt"),
        ("06844", "Dessau-Roßlau", "15001", "Dessau-Roßlau", "Sachsen-Anhalt"),
        ("10115", "Berlin", "11000", "Berlin", "Berlin"),
        ("20095", "Hamburg", "02000", "Hamburg", "Hamburg"),
        ("80331", "München", "09162", "München", "Bayern"),
        ("50667", "Köln", "05315", "Köln", "Nordrhein-Westfalen"),
        ("01067", "Dresden", "14612", "Dresden", "Sachsen"),
        ("99817", "Eisenach", "16063", "Wartburgkreis", "Thüringen"),
        ("37073", "Göttingen", "03159", "Landkreis Göttingen", "Niedersachsen"),
        ("30159", "Hannover", "03241", "Region Hannover", "Niedersachsen"),
        ("52062", "Aachen", "05334", "Städteregion Aachen", "Nordrhein-Westfalen"),
        ("66111", "Saarbrücken", "10041", "Regionalverband Saarbrücken", "Saarland"),
        ("85737", "Ismaning", "09184", "Landkreis München", "Bayern"),
    ],
)
def test_known_postal_codes(code: str, place: str, key: str, district_name: str, state: str):
    entry = gazetteer.lookup(code)
    assert entry is not None
    assert entry.postal_code == code
    assert place in entry.places
    assert entry.district_key == key
    assert entry.district_name == district_name
    assert entry.state == state


def test_coordinates_of_magdeburg_are_in_the_city():
    entry = gazetteer.lookup("39104")
    assert entry is not None
    # Magdeburg, Alter Markt: 52.131 N, 11.637 E
    assert gazetteer.haversine_km(entry.latitude, entry.longitude, 52.131, 11.637) < 5


def test_lookup_accepts_surrounding_whitespace():
    assert gazetteer.lookup(" 39104\n") == gazetteer.lookup("39104")


@pytest.mark.parametrize(
    "junk",
    [
        "00000",
        "abcde",
        "",
        "   ",
        "3910",
        "391040",
        "39 104",
        "３９１０４",
        "39104x",
        None,
        39104,
        3.5,
    ],
)
def test_unknown_or_malformed_postal_codes(junk: object):
    assert gazetteer.lookup(junk) is None  # type: ignore[arg-type]
    assert gazetteer.distance_km(junk, "39104") is None  # type: ignore[arg-type]
    assert gazetteer.distance_km("39104", junk) is None  # type: ignore[arg-type]


def test_counts_and_integrity():
    entries = gazetteer.entries()
    districts = gazetteer.districts()
    assert len(entries) > 8300
    assert len({e.postal_code for e in entries}) == len(entries)
    assert all(isinstance(e, PostalCodeEntry) for e in entries)
    assert [e.postal_code for e in entries] == sorted(e.postal_code for e in entries)
    assert len(districts) == 400
    assert all(isinstance(d, District) for d in districts)
    assert len({d.key for d in districts}) == 400
    assert len({d.nuts3 for d in districts}) == 400
    assert len({d.name for d in districts}) == 400
    assert sum(d.postal_code_count for d in districts) == len(entries)
    by_key = {d.key: d for d in districts}
    for entry in entries:
        assert len(entry.postal_code) == 5
        assert entry.postal_code.isdigit()
        assert entry.places
        assert all(entry.places)
        home = by_key[entry.district_key]
        assert entry.district_name == home.name
        assert entry.state == home.state
        # Germany's bounding box
        assert 47.2 < entry.latitude < 55.1
        assert 5.8 < entry.longitude < 15.1


def test_district_keys_match_their_state():
    prefix = {
        "01": "Schleswig-Holstein",
        "02": "Hamburg",
        "03": "Niedersachsen",
        "04": "Bremen",
        "05": "Nordrhein-Westfalen",
        "06": "Hessen",
        "07": "Rheinland-Pfalz",
        "08": "Baden-Württemberg",
        "09": "Bayern",
        "10": "Saarland",
        "11": "Berlin",
        "12": "Brandenburg",
        "13": "Mecklenburg-Vorpommern",
        "14": "Sachsen",
        "15": "Sachsen-Anhalt",
        "16": "Thüringen",
    }
    for d in gazetteer.districts():
        assert prefix[d.key[:2]] == d.state
        assert d.nuts3.startswith("DE")
        assert d.postal_code_count > 0
    per_state: dict[str, int] = {}
    for d in gazetteer.districts():
        per_state[d.state] = per_state.get(d.state, 0) + 1
    # Official counts of Landkreise plus kreisfreie Städte since July 2021
    assert per_state == {
        "Schleswig-Holstein": 15,
        "Hamburg": 1,
        "Niedersachsen": 45,
        "Bremen": 2,
        "Nordrhein-Westfalen": 53,
        "Hessen": 26,
        "Rheinland-Pfalz": 36,
        "Baden-Württemberg": 44,
        "Bayern": 96,
        "Saarland": 6,
        "Berlin": 1,
        "Brandenburg": 18,
        "Mecklenburg-Vorpommern": 8,
        "Sachsen": 13,
        "Sachsen-Anhalt": 14,
        "Thüringen": 22,
    }


def test_district_lookup():
    magdeburg = gazetteer.district("15003")
    assert magdeburg is not None
    assert magdeburg.name == "Magdeburg"
    assert magdeburg.nuts3 == "DEE03"
    assert magdeburg.district_type == "Kreisfreie Stadt"
    assert magdeburg.state == "Sachsen-Anhalt"
    assert gazetteer.haversine_km(magdeburg.latitude, magdeburg.longitude, 52.131, 11.637) < 10
    assert gazetteer.district(" 15003 ") == magdeburg
    wartburgkreis = gazetteer.district("16063")
    assert wartburgkreis is not None
    assert wartburgkreis.name == "Wartburgkreis"
    assert gazetteer.district("16056") is None  # Eisenach, merged into the Wartburgkreis
    for junk in ("", "1500", "abcde", "99999", None, 15003):
        assert gazetteer.district(junk) is None  # type: ignore[arg-type]
        assert gazetteer.postal_codes_in_district(junk) == ()  # type: ignore[arg-type]


def test_postal_codes_in_district():
    codes = gazetteer.postal_codes_in_district("15003")
    assert "39104" in codes
    assert "39106" in codes
    assert list(codes) == sorted(codes)
    for district in gazetteer.districts():
        codes = gazetteer.postal_codes_in_district(district.key)
        assert len(codes) == district.postal_code_count
        assert all(gazetteer.lookup(c).district_key == district.key for c in codes)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        # Straight-line distances between the city centres (not road distances).
        ("39104", "06108", 72, 78),  # Magdeburg - Halle (Saale): 74.7 km
        ("10115", "80331", 496, 512),  # Berlin - München: 504 km
        ("20095", "50667", 348, 364),  # Hamburg - Köln: 356 km
        ("06844", "06108", 39, 48),  # Dessau - Halle (Saale): 43.5 km
        ("01067", "04109", 95, 104),  # Dresden - Leipzig: 100 km
        ("60311", "70173", 148, 158),  # Frankfurt am Main - Stuttgart: 153 km
    ],
)
def test_distances(a: str, b: str, low: float, high: float):
    distance = gazetteer.distance_km(a, b)
    assert distance is not None
    assert low <= distance <= high
    assert gazetteer.distance_km(b, a) == pytest.approx(distance)
    assert gazetteer.distance_km(f" {a} ", b) == pytest.approx(distance)


def test_distance_to_itself_is_zero():
    assert gazetteer.distance_km("39104", "39104") == 0.0


def test_haversine_known_values():
    assert gazetteer.haversine_km(52.0, 11.0, 52.0, 11.0) == 0.0
    # One degree of latitude along a meridian is R * pi / 180
    assert gazetteer.haversine_km(50.0, 10.0, 51.0, 10.0) == pytest.approx(
        gazetteer.EARTH_RADIUS_KM * math.pi / 180
    )
    # Antipodes: half the circumference, no domain error from rounding
    assert gazetteer.haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(
        gazetteer.EARTH_RADIUS_KM * math.pi
    )


def test_haversine_array_agrees_with_scalar():
    rng = np.random.default_rng(7)
    lat1 = rng.uniform(47, 55, 200)
    lon1 = rng.uniform(6, 15, 200)
    lat2 = rng.uniform(47, 55, 200)
    lon2 = rng.uniform(6, 15, 200)
    result = gazetteer.haversine_km_array(lat1, lon1, lat2, lon2)
    assert result.shape == (200,)
    expected = [gazetteer.haversine_km(*args) for args in zip(lat1, lon1, lat2, lon2, strict=True)]
    np.testing.assert_allclose(result, expected, rtol=1e-12, atol=1e-9)


def test_haversine_array_broadcasts_to_a_matrix():
    entries = gazetteer.entries()[:50]
    lat = np.array([e.latitude for e in entries])
    lon = np.array([e.longitude for e in entries])
    matrix = gazetteer.haversine_km_array(lat[:, None], lon[:, None], lat, lon)
    assert matrix.shape == (50, 50)
    np.testing.assert_allclose(np.diag(matrix), 0.0, atol=1e-9)
    np.testing.assert_allclose(matrix, matrix.T, rtol=1e-12, atol=1e-9)
    assert matrix[3, 17] == pytest.approx(
        gazetteer.distance_km(entries[3].postal_code, entries[17].postal_code)
    )
    # Scalars broadcast too
    assert float(gazetteer.haversine_km_array(52.0, 11.0, 52.0, 11.0)) == 0.0


def test_entries_are_immutable():
    entry = gazetteer.lookup("39104")
    with pytest.raises(AttributeError):
        entry.latitude = 0.0  # type: ignore[misc, union-attr]


def test_module_needs_neither_django_nor_numpy():
    code = (
        "import sys\n"
        "from kausa.reference import gazetteer\n"
        "assert gazetteer.lookup('39104').district_key == '15003'\n"
        "assert 'django' not in sys.modules, 'django imported'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
    )
    package_root = Path(gazetteer.__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=package_root)  # noqa: S603


def test_build_name_normalisation():
    from kausa.reference.build.build_gazetteer import fold, name_keys

    assert fold("Weißenfels") == "weissenfels"
    assert fold("Köpenick") == "koepenick"
    assert fold("Köpenick", bare_umlauts=True) == "kopenick"
    assert fold("St. Ingbert") == fold("Sankt Ingbert")
    full, reduced = name_keys("Halle (Saale)", split_hyphen=True)
    assert full[0] == "halle saale"
    assert "halle" in reduced
    assert "wittenberg" in name_keys("Lutherstadt Wittenberg", split_hyphen=True)[1]
    assert "muehlhausen" in name_keys("Mühlhausen/Thüringen", split_hyphen=True)[1]
    assert "woerth an der isar" in name_keys("Wörth a.d.Isar", split_hyphen=True)[0]
    assert "aue" in name_keys("Aue-Bad Schlema", split_hyphen=True)[1]
    assert "baar" not in name_keys("Baar-Ebenhausen", split_hyphen=False)[1]


def _district_names(code: str) -> list[tuple[str, bool]]:
    return [(span.district.name, span.main) for span in gazetteer.districts_for(code)]


def test_postal_code_spanning_two_districts():
    # 39638 is Gardelegen (Altmarkkreis Salzwedel) but also covers Calvörde (Landkreis Börde).
    assert _district_names("39638") == [
        ("Altmarkkreis Salzwedel", True),
        ("Landkreis Börde", False),
    ]
    entry = gazetteer.lookup("39638")
    assert entry is not None
    assert entry.district_key == "15081"
    assert entry.district_keys == ("15081", "15083")
    by_name = {span.district.name: span for span in gazetteer.districts_for("39638")}
    assert "Calvörde" in by_name["Landkreis Börde"].places
    assert "Gardelegen" in by_name["Altmarkkreis Salzwedel"].places


def test_hamburg_code_touching_schleswig_holstein():
    spans = gazetteer.districts_for(" 22145 ")
    assert spans[0].district.key == "02000"
    assert spans[0].main
    others = {span.district.key for span in spans[1:]}
    assert others and all(key.startswith("01") for key in others)
    assert not any(span.main for span in spans[1:])
    assert gazetteer.lookup("22145").district_key == "02000"  # type: ignore[union-attr]


def test_single_district_code_and_unknown_codes():
    spans = gazetteer.districts_for("39104")
    assert len(spans) == 1
    assert spans[0].district.key == "15003"
    assert spans[0].main
    assert spans[0].share == 1.0
    for junk in ("00000", "", "abcde", None):
        assert gazetteer.districts_for(junk) == ()  # type: ignore[arg-type]


def test_district_spans_are_consistent():
    for entry in gazetteer.entries():
        spans = gazetteer.districts_for(entry.postal_code)
        assert [span.district.key for span in spans] == list(entry.district_keys)
        assert spans[0].main and spans[0].district.key == entry.district_key
        assert sum(span.main for span in spans) == 1
        assert len(set(entry.district_keys)) == len(entry.district_keys)
        assert sum(span.share for span in spans) == pytest.approx(1.0, abs=0.02)
        for span in spans:
            assert set(span.places) <= set(entry.places)
    multi = [e for e in gazetteer.entries() if len(e.district_keys) > 1]
    assert 50 < len(multi) < 1000


def test_helgoland_lies_on_the_island():
    entry = gazetteer.lookup("27498")
    assert entry is not None
    assert entry.places[0] == "Helgoland"
    assert entry.district_name == "Kreis Pinneberg"
    # Helgoland: 54.18 N, 7.89 E, some 60 km off the mainland
    assert gazetteer.haversine_km(entry.latitude, entry.longitude, 54.18, 7.89) < 10


def test_codes_missing_from_countrystatecity_are_included():
    entry = gazetteer.lookup("06507")
    assert entry is not None
    assert entry.district_key == "15085"
    assert entry.district_name == "Landkreis Harz"
    assert entry.places == ("Thale",)
    assert gazetteer.haversine_km(entry.latitude, entry.longitude, 51.75, 11.04) < 15
