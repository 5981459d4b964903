"""Build the training-occupation reference data that ships in ``kausa/reference/data/``.

Run with ``python -m kausa.reference.build.build_occupations``. Build time only: it reads

* ``training_occupations.csv`` next to this file: the curated list of recognised dual training
  occupations (staatlich anerkannte Ausbildungsberufe nach BBiG/HwO), one row per occupation:
  ``name,kldb_code,duration_months,competent_body,new_contracts_2024,male_share_pct,valid_from,
  valid_to,successor,note``; an occupation that was replaced stays in the table with its last day
  (``valid_to``) and the key of the occupation replacing it (``successor``), so old records
  keep their meaning;
* the official KldB 2010 (version 2020) of the Bundesagentur für Arbeit as a CSV
  ``code,level,title,short_title`` (default ``../shared/reference/occupations/`` beside the
  repository, see ``--kldb``);
* a transcription of the BIBB DAZUBI 2024 ranking ``occupation,new_contracts_2024,rank,
  male_share_pct`` (same directory, see ``--dazubi``),

and writes

* ``data/occupations.csv`` - the curated table plus a stable ASCII ``key``, sorted by name
  (before writing, the changes against the existing file are printed: added, removed, renamed
  and changed fields per key; ``--check`` prints them without writing),
* ``data/kldb2010.csv`` - the full KldB hierarchy (``code,level,title,short_title``),
* the ``## Occupations`` section of ``data/SOURCES.md`` (other sections are kept).

Every violation stops the build with a message naming the row: duplicate names or keys, a
KldB code that is not a level-5 code (Berufsgattung) of the classification or not at skill
level 2, a duration or competent body outside the allowed values, figures that differ from the
ranking, validity dates that are not ISO dates or end before they begin, a successor that is
not a key of the table (or replaces an occupation without a last day, or forms a cycle), and
any ranking row that is neither mapped to an occupation (directly or through
``RANKING_ALIASES``) nor listed in ``RANKING_EXCLUSIONS`` with a reason.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NoReturn

from kausa.reference.build import occupation_diff

BUILD_DIR = Path(__file__).resolve().parent
DATA_DIR = BUILD_DIR.parent / "data"
REPO_ROOT = BUILD_DIR.parents[2]
SOURCE_CSV = BUILD_DIR / "training_occupations.csv"
DEFAULT_INPUT_DIR = REPO_ROOT.parent / "shared" / "reference" / "occupations"
DEFAULT_KLDB = DEFAULT_INPUT_DIR / "kldb2010-v2020.csv"
DEFAULT_DAZUBI = DEFAULT_INPUT_DIR / "dazubi-rangliste-2024.csv"
OCCUPATIONS_CSV = DATA_DIR / "occupations.csv"
KLDB_CSV = DATA_DIR / "kldb2010.csv"
SOURCES_MD = DATA_DIR / "SOURCES.md"

SOURCE_HEADER = [
    "name",
    "kldb_code",
    "duration_months",
    "competent_body",
    "new_contracts_2024",
    "male_share_pct",
    "valid_from",
    "valid_to",
    "successor",
    "note",
]
OCCUPATIONS_HEADER = ["key", *SOURCE_HEADER]
KLDB_INPUT_HEADER = ["code", "level", "title", "short_title"]
KLDB_HEADER = ["code", "level", "title", "short_title"]
DAZUBI_HEADER = ["occupation", "new_contracts_2024", "rank", "male_share_pct"]

# Standard durations of recognised occupations are 2, 3 or 3.5 years. No current training
# regulation prescribes 18 months, so 18 is not accepted (add it here if one appears).
ALLOWED_DURATIONS = frozenset({24, 36, 42})
COMPETENT_BODIES = ("IHK", "HWK", "other")
# Training occupations of 2 to 3.5 years sit at skill level 2 ("fachlich ausgerichtete
# Tätigkeiten"), the fifth digit of the KldB code.
REQUIRED_SKILL_LEVEL = "2"

# Ranking spelling -> name in this table (BIBB spelling). Only obvious typos and the one
# occupation that exists twice (HwO and BBiG) are mapped; the figures are never changed.
RANKING_ALIASES: dict[str, str] = {
    "Zahnmedizinischer Fachangestellte/-r": "Zahnmedizinische/-r Fachangestellte/-r",
    "Medizinischer Fachangestellte/-r": "Medizinische/-r Fachangestellte/-r",
    "Verwaltungsfachangestellter/-e": "Verwaltungsfachangestellte/-r",
    "Steuerfachangestellter/-e": "Steuerfachangestellte/-r",
    "Tiermedizinischer Fachangestellter/-e": "Tiermedizinische/-r Fachangestellte/-r",
    "Sozialversicherungsfachangestellter/-e": "Sozialversicherungsfachangestellte/-r",
    "Rechtsanwaltsfachangestellter/-e": "Rechtsanwaltsfachangestellte/-r",
    "Technische(r) Produktdesigner/-in": "Technische/-r Produktdesigner/-in",
    "Technischer Systemplaner/-in": "Technische/-r Systemplaner/-in",
    "Pharmazeutisch-kaufmännischer Angestellter/-e": (
        "Pharmazeutisch-kaufmännische/-r Angestellte/-r"
    ),
    "Eisenbahner/-in im Betriebsdienst Lokführer und Transport": (
        "Eisenbahner/-in im Betriebsdienst Lokführer/-in und Transport"
    ),
    "Fachangestellter/-e für Arbeitsmarktdienstleistungen": (
        "Fachangestellte/-r für Arbeitsmarktdienstleistungen"
    ),
    "Justizfachangestellter/-e": "Justizfachangestellte/-r",
    "Rechtsanwalts- und Notarfachangestellter/-e": "Rechtsanwalts- und Notarfachangestellte/-r",
    "Fachangestellter/-e für Bäderbetriebe": "Fachangestellte/-r für Bäderbetriebe",
    "Fachangestellter/-e für Medien- und Informationsdienste": (
        "Fachangestellte/-r für Medien- und Informationsdienste"
    ),
    "Notarfachangestellter/-e": "Notarfachangestellte/-r",
    "Verfahrenstechnologe Metall/-in": "Verfahrenstechnologe/-in Metall",
    "Brauer und Mälzer/-in": "Brauer/-in und Mälzer/-in",
    "Mathematisch-technische/r Softwareentwickler/-in": (
        "Mathematisch-technische/-r Softwareentwickler/-in"
    ),
    "Milchwirtschaftlicher Laborant/-in": "Milchwirtschaftliche/-r Laborant/-in",
    "Technische(r) Modellbauer/-in": "Technische/-r Modellbauer/-in",
    "Elektroniker/-in für Maschinen und Antriebstechnik nach BBiG": (
        "Elektroniker/-in für Maschinen und Antriebstechnik (BBiG)"
    ),
    "Patentanwaltsfachangestellter/-e": "Patentanwaltsfachangestellte/-r",
    "Technische(r) Konfektionär/-in": "Technische/-r Konfektionär/-in",
    "Fachangestellter/-e für Markt- und Sozialforschung": (
        "Fachangestellte/-r für Markt- und Sozialforschung"
    ),
}

# Ranking rows deliberately left out of the table: name -> reason. Every row of the ranking
# was checked; all of them are recognised dual occupations under BBiG/HwO that are still in
# force (including Chemielaborjungwerker/-in, a two-year IHK occupation with an old
# regulation), so none is excluded. Add a row here, with its reason, to drop one.
RANKING_EXCLUSIONS: dict[str, str] = {}

_TRANSLITERATION = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_KLDB_CODE_RE = re.compile(r"[0-9]{1,5}")
_KLDB_LEVEL5_RE = re.compile(r"[0-9]{5}")

SECTION_TITLE = "## Occupations"


class BuildError(Exception):
    """A violation in the curated table or the inputs; the message says where."""


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int
    name: str
    kldb_code: str
    duration_months: int
    competent_body: str
    new_contracts_2024: int | None
    male_share_pct: float | None
    note: str
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str = ""


@dataclass(frozen=True, slots=True)
class KldbRow:
    code: str
    level: int
    title: str
    short_title: str


@dataclass(frozen=True, slots=True)
class RankingRow:
    line: int
    occupation: str
    new_contracts_2024: int
    rank: int
    male_share_pct: float


def slugify(name: str) -> str:
    """Stable ASCII key of an occupation name (German umlauts transliterated)."""
    text = unicodedata.normalize("NFC", name).translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def collation_key(name: str) -> tuple[str, str]:
    """Sort key for German names: umlauts sort with their base letter (DIN 5007-1)."""
    base = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    base = "".join(char for char in base if not unicodedata.combining(char))
    return (base.casefold(), name)


def _fail(message: str) -> NoReturn:
    raise BuildError(message)


def _read_csv(path: Path, expected_header: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        _fail(f"{path}: file not found")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != list(expected_header):
            _fail(f"{path}: header is {reader.fieldnames}, expected {list(expected_header)}")
        rows = []
        for row in reader:
            if None in row or any(value is None for value in row.values()):
                _fail(f"{path}:{reader.line_num}: wrong number of fields")
            rows.append((reader.line_num, row))
    return rows


def load_kldb(path: Path) -> dict[str, KldbRow]:
    """Read and check the KldB 2010 hierarchy: five levels, every code under its parent."""
    codes: dict[str, KldbRow] = {}
    for line, row in _read_csv(path, KLDB_INPUT_HEADER):
        where = f"{path.name}:{line}"
        code, title = row["code"].strip(), row["title"].strip()
        if not _KLDB_CODE_RE.fullmatch(code):
            _fail(f"{where}: malformed KldB code {code!r}")
        if row["level"].strip() != str(len(code)):
            _fail(f"{where}: code {code} has level {row['level']!r}, expected {len(code)}")
        if not title:
            _fail(f"{where}: code {code} has no title")
        if code in codes:
            _fail(f"{where}: duplicate KldB code {code}")
        if len(code) > 1 and code[:-1] not in codes:
            _fail(f"{where}: parent {code[:-1]} of {code} is missing (or listed after it)")
        short_title = row["short_title"].strip() or title
        codes[code] = KldbRow(code, len(code), title, short_title)
    if not codes:
        _fail(f"{path}: no KldB codes")
    return codes


def load_ranking(path: Path) -> list[RankingRow]:
    rows = []
    seen: set[str] = set()
    for line, row in _read_csv(path, DAZUBI_HEADER):
        where = f"{path.name}:{line}"
        name = row["occupation"].strip()
        if not name:
            _fail(f"{where}: empty occupation name")
        if name in seen:
            _fail(f"{where}: occupation {name!r} appears twice in the ranking")
        seen.add(name)
        try:
            contracts = int(row["new_contracts_2024"])
            rank = int(row["rank"])
            share = float(row["male_share_pct"])
        except ValueError as exc:
            _fail(f"{where}: bad figure for {name!r}: {exc}")
        rows.append(RankingRow(line, name, contracts, rank, share))
    return rows


def _parse_int(value: str, where: str, field: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BuildError(f"{where}: {field} {value!r} is not an integer") from None


def _check_name(where: str, name: str, names: set[str]) -> None:
    if not name or name != name.strip() or "  " in name:
        _fail(f"{where}: name {name!r} is empty or has stray whitespace")
    if name in names:
        _fail(f"{where}: duplicate name {name!r}")


def _check_code(where: str, name: str, code: str, kldb: dict[str, KldbRow]) -> None:
    if not _KLDB_LEVEL5_RE.fullmatch(code):
        _fail(f"{where}: {name}: KldB code {code!r} is not a 5-digit code")
    if code not in kldb or kldb[code].level != 5:
        _fail(f"{where}: {name}: KldB code {code} is not a level-5 code of the KldB 2010")
    if code[4] != REQUIRED_SKILL_LEVEL:
        _fail(
            f"{where}: {name}: KldB code {code} has skill level {code[4]}, expected "
            f"{REQUIRED_SKILL_LEVEL} (fachlich ausgerichtete Tätigkeiten)"
        )


def _ranking_figures(where: str, name: str, raw: dict[str, str]) -> tuple[int | None, float | None]:
    """The optional (new contracts, male share) pair of a curated row."""
    contracts_raw, share_raw = raw["new_contracts_2024"], raw["male_share_pct"]
    if bool(contracts_raw) != bool(share_raw):
        _fail(f"{where}: {name}: give both ranking figures or neither")
    if not contracts_raw:
        return None, None
    contracts = _parse_int(contracts_raw, where, "new_contracts_2024")
    share: float | None = None
    try:
        share = float(share_raw)
    except ValueError:
        _fail(f"{where}: {name}: male_share_pct {share_raw!r} is not a number")
    if contracts <= 0:
        _fail(f"{where}: {name}: new_contracts_2024 must be positive")
    if share is None or not 0.0 <= share <= 100.0:
        _fail(f"{where}: {name}: male_share_pct {share_raw} outside 0..100")
    return contracts, share


def _source_row(line: int, raw: dict[str, str], where: str, kldb: dict[str, KldbRow]) -> SourceRow:
    """One checked row of the curated table (the name is checked by the caller)."""
    name = raw["name"]
    code = raw["kldb_code"]
    _check_code(where, name, code, kldb)
    duration = _parse_int(raw["duration_months"], where, "duration_months")
    if duration not in ALLOWED_DURATIONS:
        _fail(f"{where}: {name}: duration {duration} not in {sorted(ALLOWED_DURATIONS)}")
    body = raw["competent_body"]
    if body not in COMPETENT_BODIES:
        _fail(f"{where}: {name}: competent_body {body!r} not in {list(COMPETENT_BODIES)}")
    contracts, share = _ranking_figures(where, name, raw)
    note = raw["note"]
    if note != note.strip() or "\n" in note:
        _fail(f"{where}: {name}: note has stray whitespace or a line break")
    valid_from, valid_to = _validity(where, name, raw)
    successor = raw["successor"]
    if successor and valid_to is None:
        _fail(f"{where}: {name}: a successor needs the last day (valid_to) of this occupation")
    return SourceRow(
        line, name, code, duration, body, contracts, share, note, valid_from, valid_to, successor
    )


def _parse_date(where: str, name: str, field: str, value: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{where}: {name}: {field} {value!r} is not a date (YYYY-MM-DD)")


def _validity(where: str, name: str, raw: dict[str, str]) -> tuple[date | None, date | None]:
    valid_from = _parse_date(where, name, "valid_from", raw["valid_from"])
    valid_to = _parse_date(where, name, "valid_to", raw["valid_to"])
    if valid_from and valid_to and valid_to < valid_from:
        _fail(f"{where}: {name}: valid_to {valid_to} is before valid_from {valid_from}")
    return valid_from, valid_to


def check_successors(rows: Sequence[SourceRow], where: str = SOURCE_CSV.name) -> None:
    """Every successor is another occupation of the table, valid after the one it replaces,
    and following successors never comes back to an occupation already seen."""
    by_key = {slugify(row.name): row for row in rows}
    for row in rows:
        if not row.successor:
            continue
        here = f"{where}:{row.line}: {row.name}"
        target = by_key.get(row.successor)
        if target is None:
            _fail(f"{here}: successor {row.successor!r} is not a key of the table")
        if target is row:
            _fail(f"{here}: an occupation cannot succeed itself")
        ends = (target.valid_to, row.valid_to)
        if ends[0] is not None and ends[1] is not None and ends[0] < ends[1]:
            _fail(f"{here}: successor {row.successor!r} ends before this occupation")
        seen = {slugify(row.name)}
        key = row.successor
        while key:
            if key in seen:
                _fail(f"{here}: successors form a cycle through {key!r}")
            seen.add(key)
            key = by_key[key].successor if key in by_key else ""


def load_source(path: Path, kldb: dict[str, KldbRow]) -> list[SourceRow]:
    """Read and check the curated table against the KldB."""
    rows: list[SourceRow] = []
    names: set[str] = set()
    for line, raw in _read_csv(path, SOURCE_HEADER):
        where = f"{path.name}:{line}"
        _check_name(where, raw["name"], names)
        names.add(raw["name"])
        rows.append(_source_row(line, raw, where, kldb))
    if not rows:
        _fail(f"{path}: no occupations")
    keys = Counter(slugify(row.name) for row in rows)
    duplicates = sorted(key for key, count in keys.items() if count > 1)
    if duplicates:
        _fail(f"{path.name}: names that give the same key: {duplicates}")
    if any(not key for key in keys):
        _fail(f"{path.name}: a name gives an empty key")
    check_successors(rows, path.name)
    return rows


def _check_alias_tables(by_name: dict[str, SourceRow], ranking_names: set[str]) -> None:
    """RANKING_ALIASES and RANKING_EXCLUSIONS name ranking rows, and never the same one."""
    for alias, target in RANKING_ALIASES.items():
        if alias not in ranking_names:
            _fail(f"RANKING_ALIASES: {alias!r} does not occur in the ranking (stale alias)")
        if target not in by_name:
            _fail(f"RANKING_ALIASES: target {target!r} of {alias!r} is not in the table")
        if alias in RANKING_EXCLUSIONS:
            _fail(f"{alias!r} is both aliased and excluded")
    for name, reason in RANKING_EXCLUSIONS.items():
        if name not in ranking_names:
            _fail(f"RANKING_EXCLUSIONS: {name!r} does not occur in the ranking")
        if not reason.strip():
            _fail(f"RANKING_EXCLUSIONS: {name!r} has no reason")


def _check_figures(where: str, row: SourceRow, entry: RankingRow) -> None:
    if row.new_contracts_2024 != entry.new_contracts_2024:
        _fail(
            f"{where}: table has new_contracts_2024={row.new_contracts_2024}, "
            f"ranking has {entry.new_contracts_2024}"
        )
    if row.male_share_pct is None or abs(row.male_share_pct - entry.male_share_pct) > 1e-9:
        _fail(
            f"{where}: table has male_share_pct={row.male_share_pct}, "
            f"ranking has {entry.male_share_pct}"
        )


def check_ranking(rows: list[SourceRow], ranking: list[RankingRow]) -> dict[str, str]:
    """Check every ranking row is accounted for; return ranking name -> occupation name."""
    by_name = {row.name: row for row in rows}
    _check_alias_tables(by_name, {entry.occupation for entry in ranking})

    mapping: dict[str, str] = {}
    claimed: dict[str, str] = {}
    for entry in ranking:
        where = f"ranking line {entry.line} ({entry.occupation!r})"
        if entry.occupation in RANKING_EXCLUSIONS:
            if entry.occupation in by_name:
                _fail(f"{where}: excluded, but also a row of the table")
            continue
        target = RANKING_ALIASES.get(entry.occupation, entry.occupation)
        row = by_name.get(target)
        if row is None:
            _fail(
                f"{where}: not in the table; add the occupation, an alias in RANKING_ALIASES "
                "or an entry with its reason in RANKING_EXCLUSIONS"
            )
        if target in claimed:
            _fail(f"{where}: maps to {target!r}, already claimed by {claimed[target]!r}")
        claimed[target] = entry.occupation
        _check_figures(where, row, entry)
        mapping[entry.occupation] = target
    for row in rows:
        if row.new_contracts_2024 is not None and row.name not in claimed:
            _fail(
                f"{SOURCE_CSV.name}:{row.line}: {row.name} has ranking figures but no ranking "
                "row maps to it"
            )
    return mapping


def _format_share(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}"


def _format_date(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def occupation_rows(rows: Iterable[SourceRow]) -> list[dict[str, str]]:
    """The rows of ``occupations.csv`` as written, sorted by name."""
    ordered = sorted(rows, key=lambda row: collation_key(row.name))
    return [
        {
            "key": slugify(row.name),
            "name": row.name,
            "kldb_code": row.kldb_code,
            "duration_months": str(row.duration_months),
            "competent_body": row.competent_body,
            "new_contracts_2024": (
                "" if row.new_contracts_2024 is None else str(row.new_contracts_2024)
            ),
            "male_share_pct": _format_share(row.male_share_pct),
            "valid_from": _format_date(row.valid_from),
            "valid_to": _format_date(row.valid_to),
            "successor": row.successor,
            "note": row.note,
        }
        for row in ordered
    ]


def write_occupations(rows: Iterable[SourceRow], path: Path) -> int:
    table = occupation_rows(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OCCUPATIONS_HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(table)
    return len(table)


def write_kldb(kldb: dict[str, KldbRow], path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(KLDB_HEADER)
        for entry in kldb.values():
            writer.writerow([entry.code, entry.level, entry.title, entry.short_title])
    return len(kldb)


def sources_section(stats: dict[str, int]) -> str:
    return f"""{SECTION_TITLE}

`occupations.csv` (recognised dual training occupations) and `kldb2010.csv` (the KldB 2010
hierarchy) are generated by `python -m kausa.reference.build.build_occupations` from the
curated table `kausa/reference/build/training_occupations.csv` and the two input files named
below; nothing is downloaded at run time.

Counts: {stats["total"]} occupations, {stats["ranked"]} of them with figures from the ranking
and {stats["added"]} added beyond it; {stats["replaced"]} of them replaced by a successor and
kept for old records; {stats["excluded"]} ranking rows excluded; {stats["kldb"]} KldB codes on
five levels.

Validity: `valid_from` is the first day of a training regulation that created a new occupation
(empty for occupations in force for longer), `valid_to` the last day on which new training
contracts could be made in an occupation that was replaced, and `successor` the key of the
occupation replacing it. Replaced occupations stay in the data, so people's wishes and places
recorded before the change keep their meaning; after every migrate they are moved to the
successor. Changes since the first version of the list, checked on 2026-12-07:

* Since 1 August 2025 **Gold- und Silberschmied/-in** (42 months, HwO and BBiG, usually HWK)
  replaces Goldschmied/-in and Silberschmied/-in (valid to 31 July 2025). Verordnung über die
  Berufsausbildung zum Gold- und Silberschmied und zur Gold- und Silberschmiedin (GoSiAusbV) of
  20 March 2025, BGBl. 2025 I Nr. 93 (<https://www.gesetze-im-internet.de/gosiausbv/>); BIBB
  press release 12/2025 of 26 March 2025 ("Schmuckherstellung in neuem Glanz"). The same reform
  gave **Edelsteinfasser/-in** a new regulation (EdlStFAusbV 2025,
  <https://www.gesetze-im-internet.de/edlstfausbv_2025/>); it stays a separate occupation and
  was added (42 months as under the old regulation and as training portals state since 2025;
  not checked in the regulation text; trained mainly in industry, also in crafts). The reform
  abolished Edelmetallprüfer/-in and Vorpolierer/-in (never in this list) and kept the old
  occupations **Feinpolierer/-in** and **Werkgehilfe/-in** (Schmuckwarenindustrie, Taschen- und
  Armbanduhren), recognised before the BBiG and still in force; both were added (36 months,
  IHK). The duration of Werkgehilfe/-in could not be confirmed from a primary source.
* Since 1 August 2026 **Kanalbauer/-in für Infrastrukturtechnik** and **Leitungsbauer/-in für
  Infrastrukturtechnik** (36 months) replace Kanalbauer/-in and Rohrleitungsbauer/-in (valid to
  31 July 2026): Tiefbauberufeausbildungsverordnung (TiefbauBAusbV) of 3 June 2024, BGBl. 2024 I
  Nr. 179, in force from 1 August 2026, part of the reform of 19 construction occupations (BIBB,
  "Ausbildung in der Bauwirtschaft neugeordnet"). Both, like Spezialtiefbauer/-in, are
  recognised under § 4 BBiG only (TiefbauBAusbV § 1), not for a trade of the HwO. Gleisbauer/-in
  (TiefbauBAusbV) and Trockenbaumonteur/-in (Ausbauberufeausbildungsverordnung, AusbauBAusbV,
  same BGBl.) are not HwO trades either. Their competent body is therefore `IHK` (a chamber of
  crafts is competent where a craft business trains); Trockenbaumonteur/-in was listed as `HWK`
  before and was corrected. The wording of § 1 for these two was not seen in full.
* **Fachkraft für Speiseeis** (Speiseeisfachkraftausbildungsverordnung, EisAusbV, BGBl. 2014 I
  S. 702; 36 months; a craft occupation under the HwO, `HWK`) was missing and was added.

Sources:

* **BIBB, Verzeichnis der anerkannten Ausbildungsberufe** (Bundesinstitut für Berufsbildung,
  published yearly; <https://www.bibb.de/>): basis of the list. It contains the state-recognised
  dual training occupations under the Berufsbildungsgesetz (BBiG) and the Handwerksordnung
  (HwO) in force in 2024/25, with names in the gender-inclusive BIBB spelling. Occupations that
  were abolished or merged (e.g. Informatikkaufmann/-frau and IT-System-Kaufmann/-frau,
  replaced in 2020 by Kaufmann/-frau für Digitalisierungsmanagement and Kaufmann/-frau für
  IT-System-Management; Kaufmann/-frau für Bürokommunikation, replaced in 2014 by
  Kaufmann/-frau für Büromanagement) and school-based training under other laws
  (e.g. Pflegefachmann/-frau under the PflBG, Erzieher/-in) are left out. The table was
  compiled and curated by hand for KAUSA Hub from this list; it is not a copy of the BIBB
  publication and may miss very small occupations. Licence of the curated table: as this
  project.
* **Klassifikation der Berufe 2010 – überarbeitete Fassung 2020 (KldB 2010, version 2020)**,
  Bundesagentur für Arbeit, Statistik
  (<https://statistik.arbeitsagentur.de/>; input `shared/reference/occupations/kldb2010-v2020.csv`):
  copied in full (code, level, title, short title) to `kldb2010.csv`. Terms as published by
  the BA: reproduction and distribution, also in extracts, are permitted with the source
  named ("Quelle: Bundesagentur für Arbeit, Klassifikation der Berufe 2010 – überarbeitete
  Fassung 2020"); the BA's printed edition restricts free reproduction to non-commercial use,
  so check the current terms before commercial reuse. Each occupation is mapped to one level-5
  code (Berufsgattung) at skill level 2, following the BA's assignment of training occupations
  to the KldB 2010 as far as known; where an occupation has specialisations with different
  codes, the `note` column names them.
* **BIBB, Datenbank Auszubildende (DAZUBI), ranking of training occupations by new contracts
  2024** (input `shared/reference/occupations/dazubi-rangliste-2024.csv`): new contracts 2024
  and male share, used only to weight demo data. This is a third-party transcription; the
  figures are unverified and copied unchanged. Obvious typos in its names are mapped to the
  BIBB spelling (`RANKING_ALIASES` in the build script); occupations it does not list have
  empty figures. Cite as "BIBB, Datenbank Auszubildende (DAZUBI), Berichtsjahr 2024".

Caveats:

* `duration_months` is the standard duration of the training regulation (24, 36 or 42
  months). Training can be shortened (e.g. with Abitur or prior training, § 8 BBiG /
  § 27b HwO) or extended, and credit for prior learning is decided case by case.
* `competent_body` is the usual competent body (zuständige Stelle): `IHK` for industry and
  trade, `HWK` for crafts under the HwO, `other` for Landwirtschaftskammern and agricultural
  authorities, the chambers of doctors, dentists, vets, pharmacists, lawyers, notaries,
  patent attorneys and tax advisers, and public-service bodies. Many occupations are trained
  under more than one body (e.g. both IHK and HWK); the `note` column says so, and the body
  of a given contract depends on the training company.
"""


def update_sources_md(path: Path, section: str) -> None:
    """Replace (or append) the Occupations section, keeping every other section as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = text.splitlines(keepends=True)
    start = next(
        (index for index, line in enumerate(lines) if line.rstrip() == SECTION_TITLE), None
    )
    if start is None:
        body = text.rstrip("\n")
        new_text = f"{body}\n\n{section}" if body else section
    else:
        end = next(
            (index for index in range(start + 1, len(lines)) if lines[index].startswith("## ")),
            len(lines),
        )
        before = "".join(lines[:start])
        after = "".join(lines[end:])
        new_text = before + section + ("\n" + after if after else "")
    path.write_text(new_text, encoding="utf-8")


def build(
    kldb_path: Path = DEFAULT_KLDB,
    dazubi_path: Path = DEFAULT_DAZUBI,
    source_path: Path = SOURCE_CSV,
    *,
    write: bool = True,
    occupations_path: Path = OCCUPATIONS_CSV,
) -> dict[str, int]:
    kldb = load_kldb(kldb_path)
    rows = load_source(source_path, kldb)
    ranking = load_ranking(dazubi_path)
    mapping = check_ranking(rows, ranking)
    ranked = sum(1 for row in rows if row.new_contracts_2024 is not None)
    stats = {
        "total": len(rows),
        "ranked": ranked,
        "added": len(rows) - ranked,
        "ranking_rows": len(ranking),
        "aliased": sum(1 for name, target in mapping.items() if name != target),
        "excluded": len(RANKING_EXCLUSIONS),
        "kldb": len(kldb),
        "replaced": sum(1 for row in rows if row.successor),
    }
    # Report against the file as it is before writing, so --check shows what a build would do.
    changes = occupation_diff.diff_rows(
        occupation_diff.read_rows(occupations_path), occupation_rows(rows)
    )
    if write:
        occupations_path.parent.mkdir(parents=True, exist_ok=True)
        write_occupations(rows, occupations_path)
        if occupations_path == OCCUPATIONS_CSV:
            write_kldb(kldb, KLDB_CSV)
            update_sources_md(SOURCES_MD, sources_section(stats))
    for line in occupation_diff.report_lines(changes):
        print(line)

    print(f"KldB 2010 codes: {len(kldb)}", end="")
    levels = Counter(entry.level for entry in kldb.values())
    print(" (" + ", ".join(f"level {lv}: {levels[lv]}" for lv in sorted(levels)) + ")")
    print(
        f"Ranking rows: {stats['ranking_rows']} ({stats['ranking_rows'] - stats['excluded']} "
        f"mapped, {stats['aliased']} of them through an alias; {stats['excluded']} excluded)"
    )
    for name, reason in RANKING_EXCLUSIONS.items():
        print(f"  excluded: {name} - {reason}")
    print(
        f"Occupations: {stats['total']} ({stats['ranked']} with ranking figures, "
        f"{stats['added']} added beyond the ranking)"
    )
    bodies = Counter(row.competent_body for row in rows)
    print("  by competent body: " + ", ".join(f"{b} {bodies[b]}" for b in COMPETENT_BODIES))
    durations = Counter(row.duration_months for row in rows)
    print(
        "  by duration: "
        + ", ".join(f"{d} months {durations[d]}" for d in sorted(ALLOWED_DURATIONS))
    )
    print(f"  distinct KldB codes: {len({row.kldb_code for row in rows})}")
    print(f"  replaced (kept with valid_to and successor): {stats['replaced']}")
    if write and occupations_path == OCCUPATIONS_CSV:
        print(f"Wrote {occupations_path}, {KLDB_CSV} and the Occupations section of {SOURCES_MD}")
    elif write:
        print(f"Wrote {occupations_path}")
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kldb", type=Path, default=DEFAULT_KLDB, help="KldB 2010 v2020 CSV")
    parser.add_argument(
        "--dazubi", type=Path, default=DEFAULT_DAZUBI, help="DAZUBI 2024 ranking CSV"
    )
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = parser.parse_args(argv)
    try:
        build(args.kldb, args.dazubi, write=not args.check)
    except BuildError as exc:
        print(f"build_occupations: ERROR: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
