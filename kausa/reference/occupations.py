"""Recognised dual training occupations (BBiG/HwO) and the KldB 2010 hierarchy.

Plain Python, no Django and no network: the data ships in ``kausa/reference/data/``
(``occupations.csv`` and ``kldb2010.csv``) and is read lazily on first use. It is generated
by ``python -m kausa.reference.build.build_occupations`` from a curated table; see
``data/SOURCES.md`` for sources, licences and caveats.

Every occupation carries one KldB 2010 code (Klassifikation der Berufe 2010, version 2020,
Bundesagentur für Arbeit) at level 5, the Berufsgattung. The five digits are, from left to
right: Berufsbereich (1 digit), Berufshauptgruppe (2), Berufsgruppe (3), Berufsuntergruppe (4)
and the skill level (Anforderungsniveau) as the fifth digit: 1 helper, 2 skilled, 3 specialist,
4 expert. Recognised training occupations of two to three and a half years are at level 2.

``duration_months`` is the standard duration of the training regulation (it can be shortened
or extended in individual cases) and ``competent_body`` the usual competent body (``IHK``,
``HWK`` or ``other``); occupations trained under several bodies say so in the data's note.
``new_contracts_2024`` and ``male_share_pct`` come from an unverified transcription of the
BIBB DAZUBI 2024 ranking and are meant for weighting demo data only; they are ``None`` for
occupations the ranking does not list.

Occupations change: a new training regulation can merge or rename occupations. A replaced
occupation stays in the data with ``valid_to`` (its last day) and ``successor`` (the key of the
occupation replacing it), so records made before the change keep their meaning. :func:`all`
returns every occupation, replaced ones included; :func:`current` only those valid on a day
(what a form should offer); :func:`successor_of` follows successors to the current one.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kausa.reference.occupation_search import OccupationMatch

__all__ = [
    "COMPETENT_BODIES",
    "Occupation",
    "all",
    "by_kldb_code",
    "current",
    "get",
    "kldb_ancestors",
    "kldb_title",
    "notes",
    "predecessors_of",
    "relatedness",
    "search",
    "successor_of",
]

#: Values of :attr:`Occupation.competent_body`.
COMPETENT_BODIES = ("IHK", "HWK", "other")

_DATA_PACKAGE = "kausa.reference.data"
_OCCUPATIONS_HEADER = [
    "key",
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
_KLDB_HEADER = ["code", "level", "title", "short_title"]
_KLDB_LEVEL5_RE = re.compile(r"[0-9]{5}")


@dataclass(frozen=True, slots=True)
class Occupation:
    """A recognised dual training occupation (staatlich anerkannter Ausbildungsberuf)."""

    key: str
    """Stable ASCII slug of the name, e.g. ``"kraftfahrzeugmechatroniker-in"``."""
    name: str
    """German name in the gender-inclusive BIBB spelling, e.g. ``"Friseur/-in"``."""
    kldb_code: str
    """Five-digit KldB 2010 code (Berufsgattung), e.g. ``"25212"``."""
    duration_months: int
    """Standard training duration: 24, 36 or 42 months."""
    competent_body: str
    """Usual competent body: ``"IHK"``, ``"HWK"`` or ``"other"``."""
    new_contracts_2024: int | None
    """New training contracts 2024 (BIBB DAZUBI ranking), ``None`` if not ranked."""
    male_share_pct: float | None
    """Share of men among the new contracts 2024 in percent, ``None`` if not ranked."""
    valid_from: date | None = None
    """First day of the regulation that created the occupation; ``None`` if in force longer."""
    valid_to: date | None = None
    """Last day of a replaced occupation; ``None`` while it is in force."""
    successor: str | None = None
    """Key of the occupation that replaced this one, ``None`` if not replaced."""

    def is_valid_on(self, day: date) -> bool:
        """Whether new training contracts in this occupation are possible on ``day``."""
        starts = self.valid_from is None or self.valid_from <= day
        ends = self.valid_to is None or day <= self.valid_to
        return starts and ends


def _read_data(filename: str, header: list[str]) -> list[dict[str, str]]:
    text = resources.files(_DATA_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != header:
        raise RuntimeError(
            f"{_DATA_PACKAGE}/{filename}: unexpected header {reader.fieldnames}; "
            "rebuild with python -m kausa.reference.build.build_occupations"
        )
    return list(reader)


def _collation_key(name: str) -> tuple[str, str]:
    # Same order as the build script: umlauts sort with their base letter (DIN 5007-1).
    base = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    base = "".join(char for char in base if not unicodedata.combining(char))
    return (base.casefold(), name)


@cache
def _occupations() -> tuple[Occupation, ...]:
    items = []
    for row in _read_data("occupations.csv", _OCCUPATIONS_HEADER):
        contracts = row["new_contracts_2024"]
        share = row["male_share_pct"]
        valid_from, valid_to = row["valid_from"], row["valid_to"]
        items.append(
            Occupation(
                key=row["key"],
                name=row["name"],
                kldb_code=row["kldb_code"],
                duration_months=int(row["duration_months"]),
                competent_body=row["competent_body"],
                new_contracts_2024=int(contracts) if contracts else None,
                male_share_pct=float(share) if share else None,
                valid_from=date.fromisoformat(valid_from) if valid_from else None,
                valid_to=date.fromisoformat(valid_to) if valid_to else None,
                successor=row["successor"] or None,
            )
        )
    return tuple(sorted(items, key=lambda occupation: _collation_key(occupation.name)))


@cache
def _by_key() -> dict[str, Occupation]:
    return {occupation.key: occupation for occupation in _occupations()}


@cache
def _predecessors() -> dict[str, tuple[Occupation, ...]]:
    groups: dict[str, list[Occupation]] = {}
    for occupation in _occupations():
        if occupation.successor:
            groups.setdefault(occupation.successor, []).append(occupation)
    return {key: tuple(members) for key, members in groups.items()}


@cache
def _by_code() -> dict[str, tuple[Occupation, ...]]:
    groups: dict[str, list[Occupation]] = {}
    for occupation in _occupations():
        groups.setdefault(occupation.kldb_code, []).append(occupation)
    return {code: tuple(members) for code, members in groups.items()}


@cache
def _kldb() -> dict[str, tuple[int, str, str]]:
    """KldB code -> (level, title, short title)."""
    return {
        row["code"]: (int(row["level"]), row["title"], row["short_title"])
        for row in _read_data("kldb2010.csv", _KLDB_HEADER)
    }


def all() -> tuple[Occupation, ...]:
    """All recognised occupations, sorted by name (umlauts with their base letter), replaced
    ones included (see :func:`current`)."""
    return _occupations()


def get(key: str) -> Occupation | None:
    """The occupation with this key, or ``None``."""
    return _by_key().get(key)


def current(on: date | None = None) -> tuple[Occupation, ...]:
    """The occupations valid on ``on`` (default: today), sorted by name."""
    day = on or date.today()
    return tuple(occupation for occupation in _occupations() if occupation.is_valid_on(day))


def successor_of(key: str) -> Occupation | None:
    """The occupation that finally replaced the one with this key, following a chain of
    successors to its end; ``None`` if the key is unknown or the occupation was not replaced."""
    occupation = _by_key().get(key)
    seen = {key}
    found: Occupation | None = None
    while occupation is not None and occupation.successor and occupation.successor not in seen:
        seen.add(occupation.successor)
        occupation = _by_key().get(occupation.successor)
        found = occupation or found
    return found


def predecessors_of(key: str) -> tuple[Occupation, ...]:
    """The occupations this one directly replaced, sorted by name."""
    return _predecessors().get(key, ())


def by_kldb_code(code: str) -> tuple[Occupation, ...]:
    """Occupations mapped to exactly this five-digit KldB code, sorted by name."""
    return _by_code().get(code, ())


def kldb_title(code: str) -> str | None:
    """Official title of a KldB 2010 code of any level (1 to 5 digits), or ``None``."""
    entry = _kldb().get(code)
    return entry[1] if entry else None


def kldb_ancestors(code: str) -> tuple[str, ...]:
    """The codes above a KldB 2010 code, from the Berufsbereich down to the direct parent.

    ``kldb_ancestors("25212") == ("2", "25", "252", "2521")``; a one-digit code has none.
    Raises ``ValueError`` if ``code`` is not a code of the classification.
    """
    if not isinstance(code, str) or code not in _kldb():
        raise ValueError(f"not a KldB 2010 code: {code!r}")
    return tuple(code[:length] for length in range(1, len(code)))


def relatedness(code_a: str, code_b: str) -> int:
    """How closely two occupations are related through their five-digit KldB 2010 codes.

    Returns the length of the common prefix of the first four digits, ignoring the fifth
    (the skill level), so the result is 0 to 4:

    * 4 - same Berufsuntergruppe (4-digit group), e.g. a skilled and a specialist job of the
      same kind, or two occupations sharing a Berufsgattung; the closest fit;
    * 3 - same Berufsgruppe (3-digit group), e.g. ``"25212"`` (Kfz-Technik) and ``"25222"``
      (Land- und Baumaschinentechnik): related, with a lower fit;
    * 2 - same Berufshauptgruppe, 1 - same Berufsbereich, 0 - unrelated.

    The matching engine relies on this convention: look first in the same 4-digit group, then
    in the same 3-digit group with a lower fit. Codes are checked for form (five digits), not
    for membership in the classification. Raises ``ValueError`` for malformed codes.
    """
    for code in (code_a, code_b):
        if not isinstance(code, str) or not _KLDB_LEVEL5_RE.fullmatch(code):
            raise ValueError(f"not a five-digit KldB 2010 code: {code!r}")
    shared = 0
    for digit_a, digit_b in zip(code_a[:4], code_b[:4], strict=True):
        if digit_a != digit_b:
            break
        shared += 1
    return shared


def search(
    text: str, language: str, *, limit: int = 10, on: date | None = None
) -> list[OccupationMatch]:
    """Occupations matching ``text`` in ``language`` (de, en, ar, uk, ru, tr, fa), German or
    English, best first: see :func:`kausa.reference.occupation_search.search`."""
    from kausa.reference import occupation_search  # it builds on this module

    return occupation_search.search(text, language, limit=limit, on=on)


def notes(text: str, language: str) -> list[str]:
    """Explanations for queries that name no dual training occupation (e.g. nursing):
    see :func:`kausa.reference.occupation_search.notes`."""
    from kausa.reference import occupation_search

    return occupation_search.notes(text, language)
