"""Find training occupations by what people type, in seven languages.

Plain Python, no Django and no network. Names come from two places: the German official name
of each occupation (``occupations.csv``, expanded to its male and female forms, e.g.
``"Koch/Köchin"`` gives ``"Koch"`` and ``"Köchin"``) and ``occupation_names.csv`` (official
names in other languages and common job titles, built by
``python -m kausa.reference.build.build_occupation_names``). ``occupation_notes.csv`` holds
short explanations for common wishes that are not dual training occupations (nursing,
medicine, ...).

``search(text, language)`` looks at the names in the user's language first, then German and
English (a Ukrainian user may type a German word). Text is normalised before comparing: case,
diacritics, Arabic/Farsi letter variants (ي/ی, ك/ک, ة/ه, alef forms, tashkeel, tatweel) and
Cyrillic ё/е. An exact name scores 100, a name or word that starts with the query 80-99, a
query found inside a German compound word 70-79, all words of a query found in any order
75-84, and a typo-tolerant match at most 0.85 times its similarity; results below
``MIN_SCORE`` are dropped.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from rapidfuzz import fuzz, process

from kausa.reference import occupations
from kausa.reference.occupations import Occupation

__all__ = [
    "KINDS",
    "LANGUAGES",
    "MIN_SCORE",
    "ORIGINS",
    "OccupationMatch",
    "OccupationName",
    "german_forms",
    "names",
    "normalise",
    "notes",
    "search",
]

#: Languages of the portal; names and notes exist in these only.
LANGUAGES = ("de", "en", "ar", "uk", "ru", "tr", "fa")
#: ``official``: the (translated) official name; ``title``: a common job title for it.
KINDS = ("official", "title")
#: ``machine``: machine translation awaiting review; ``curated``: checked against a source.
ORIGINS = ("machine", "curated")
#: Results scoring below this are not returned (nonsense and far-fetched typos).
MIN_SCORE = 60.0

_DATA_PACKAGE = "kausa.reference.data"
NAMES_HEADER = ["key", "language", "name", "kind", "origin"]
NOTES_HEADER = ["topic", "language", "kind", "text"]
# Names in other languages than the query's rank a little lower than the query's own.
_OTHER_LANGUAGE_PENALTY = 3.0
_FUZZY_WEIGHT = 0.85
_FUZZY_FLOOR = 65.0  # raw similarity below this is never a match
_MAX_WINDOW = 3  # word n-grams compared with multi-word queries
_NOTE_FUZZY = 88.0

# Letter variants that look alike or are typed interchangeably on Arabic and Persian
# keyboards, mapped to one form; tatweel (kashida) is dropped, zero-width joiners split words.
_LETTER_VARIANTS = str.maketrans(
    {
        "ي": "ی",  # Arabic yeh -> Farsi yeh
        "ى": "ی",  # alef maksura
        "ك": "ک",  # Arabic kaf -> keheh
        "ة": "ه",  # teh marbuta
        "ۀ": "ه",
        "ٱ": "ا",  # alef wasla
        "ـ": None,  # tatweel
        "\u200c": " ",  # zero-width non-joiner
        "\u200d": None,
        "ı": "i",  # Turkish dotless i
    }
)
_NON_WORD = re.compile(r"[\W_]+")
# "Friseur/-in", "Kaufmann/-frau", "Fachangestellte/-r", "Koch/Köchin"
_GENDER_PAIR = re.compile(r"(\w+)/(-?\w+)")


@dataclass(frozen=True, slots=True)
class OccupationName:
    """One row of ``occupation_names.csv``."""

    key: str
    language: str
    name: str
    kind: str
    origin: str


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    """A search result: the occupation, how well it matched (0-100) and through which name."""

    occupation: Occupation
    score: float
    matched_name: str
    language: str


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    language: str
    display: str
    normalised: str


@dataclass(frozen=True, slots=True)
class _Note:
    topic: str
    triggers: tuple[str, ...]
    texts: dict[str, str]


def normalise(text: str) -> str:
    """Lower case, no diacritics or punctuation, one letter form per Arabic/Farsi variant.

    ``normalise("Köchin") == "kochin"``, ``normalise("Ёлка") == "елка"``,
    ``normalise("طَبّاخة") == normalise("طباخه")``.
    """
    folded = unicodedata.normalize("NFKC", text).translate(_LETTER_VARIANTS).casefold()
    # NFKD splits accents, alef hamza/madda forms and tashkeel into combining marks.
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    stripped = stripped.translate(_LETTER_VARIANTS)
    return _NON_WORD.sub(" ", stripped).strip()


def _male(match: re.Match[str]) -> str:
    stem, other = match.group(1), match.group(2)
    if other == "-r":  # "Fachangestellte/-r": the short form is the female one
        return stem + "r"
    return stem


def _female(match: re.Match[str]) -> str:
    stem, other = match.group(1), match.group(2)
    if not other.startswith("-"):
        return other
    suffix = other[1:]
    if suffix == "in":
        return (stem[:-1] if stem.endswith("e") else stem) + "in"
    if suffix == "frau" and stem.endswith("mann"):
        return stem[: -len("mann")] + "frau"
    if suffix == "r":
        return stem
    return stem + suffix


def german_forms(name: str) -> tuple[str, ...]:
    """The male and female forms of a German name in BIBB spelling.

    ``german_forms("Koch/Köchin") == ("Koch", "Köchin")``,
    ``german_forms("Kaufmann/-frau im Einzelhandel")`` gives "Kaufmann im Einzelhandel" and
    "Kauffrau im Einzelhandel"; a name without a slash is returned alone.
    """
    male = _GENDER_PAIR.sub(_male, name)
    female = _GENDER_PAIR.sub(_female, name)
    return (male,) if male == female else (male, female)


def _read(filename: str, header: list[str]) -> list[dict[str, str]]:
    text = resources.files(_DATA_PACKAGE).joinpath(filename).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != header:
        raise RuntimeError(f"{_DATA_PACKAGE}/{filename}: unexpected header {reader.fieldnames}")
    return list(reader)


@cache
def names() -> tuple[OccupationName, ...]:
    """All rows of ``occupation_names.csv`` (German official names are not among them)."""
    return tuple(OccupationName(**row) for row in _read("occupation_names.csv", NAMES_HEADER))


@cache
def _entries(language: str) -> tuple[_Entry, ...]:
    """Searchable names of one language, only for occupations that exist."""
    found: dict[tuple[str, str], _Entry] = {}

    def add(key: str, display: str) -> None:
        normalised = normalise(display)
        if normalised and (key, normalised) not in found:
            found[(key, normalised)] = _Entry(key, language, display, normalised)

    if language == "de":
        for occupation in occupations.all():
            for form in german_forms(occupation.name):
                add(occupation.key, form)
    for row in names():
        if row.language == language and occupations.get(row.key) is not None:
            add(row.key, row.name)
    return tuple(found.values())


@cache
def _windows(language: str, width: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Word n-grams of every name (and the whole names) with the index of their entry."""
    texts: list[str] = []
    owners: list[int] = []
    for index, entry in enumerate(_entries(language)):
        words = entry.normalised.split()
        grams = {" ".join(words[i : i + width]) for i in range(len(words) - width + 1)}
        grams.add(entry.normalised)
        for gram in sorted(grams):
            texts.append(gram)
            owners.append(index)
    return tuple(texts), tuple(owners)


def _literal_score(query: str, name: str) -> float:
    """Exact, prefix, word-prefix and inside-a-compound matches; 0 if none."""
    if query == name:
        return 100.0
    position = name.find(query)
    if position < 0:
        return 0.0
    end = name.find(" ", position + len(query))
    end = len(name) if end < 0 else end
    at_word_start = position == 0 or name[position - 1] == " "
    word_start = name.rfind(" ", 0, position) + 1
    covered = len(query) / (end - word_start)
    overall = len(query) / len(name)
    if position == 0:
        base = 90.0
    elif at_word_start:
        base = 80.0
    elif len(query) >= 4:
        base = 70.0
    else:
        return 0.0
    return base + 7.0 * covered + 2.0 * overall


def _all_words_score(query_words: list[str], name: str) -> float:
    """Every query word starts a word of the name (or sits in a compound), in any order.

    "Kaufmann Einzelhandel" finds "Kaufmann im Einzelhandel": 75-84, below a literal prefix.
    """
    if len(query_words) < 2:
        return 0.0
    name_words = name.split()
    covered = 0
    for word in query_words:
        hit = next((each for each in name_words if each.startswith(word)), None)
        if hit is None and len(word) >= 4:
            hit = next((each for each in name_words if word in each), None)
        if hit is None:
            return 0.0
        covered += len(hit)
    typed = sum(len(word) for word in query_words)
    return 75.0 + 7.0 * min(1.0, typed / covered) + 2.0 * typed / len(name)


def _score_language(query: str, language: str, penalty: float) -> dict[int, float]:
    entries = _entries(language)
    scores: dict[int, float] = {}
    query_words = query.split()
    for index, entry in enumerate(entries):
        score = max(
            _literal_score(query, entry.normalised),
            _all_words_score(query_words, entry.normalised),
        )
        if score:
            scores[index] = score - penalty
    width = min(len(query.split()), _MAX_WINDOW)
    texts, owners = _windows(language, width)
    for _text, similarity, position in process.extract(
        query, texts, scorer=fuzz.ratio, score_cutoff=_FUZZY_FLOOR, limit=None
    ):
        owner = owners[position]
        fuzzy = similarity * _FUZZY_WEIGHT - penalty
        if fuzzy > scores.get(owner, 0.0):
            scores[owner] = fuzzy
    return scores


def _search_order(language: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((language, "de", "en")))


def search(
    text: str, language: str, *, limit: int = 10, on: date | None = None
) -> list[OccupationMatch]:
    """Occupations whose names in ``language``, German or English match ``text``, best first.

    Scores are 0-100; matches below ``MIN_SCORE`` are left out, so nonsense gives ``[]``.
    Equal scores are ordered by new contracts 2024 (the more common occupation first).
    Only occupations valid on ``on`` (default: today) are returned: a match on a replaced
    occupation counts for its successor ("Goldschmied" finds "Gold- und Silberschmied/-in"),
    and ``matched_name`` still shows the name that matched.
    Raises ``ValueError`` for a language outside ``LANGUAGES``.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    query = normalise(text)
    if not query or limit <= 0:
        return []
    day = on or date.today()
    resolved: dict[str, Occupation | None] = {}
    best: dict[str, tuple[float, Occupation, _Entry]] = {}
    for searched in _search_order(language):
        penalty = 0.0 if searched == language else _OTHER_LANGUAGE_PENALTY
        entries = _entries(searched)
        for index, score in _score_language(query, searched, penalty).items():
            entry = entries[index]
            if entry.key not in resolved:
                resolved[entry.key] = _valid_occupation(entry.key, day)
            occupation = resolved[entry.key]
            if occupation is None or score < MIN_SCORE:
                continue
            if occupation.key not in best or score > best[occupation.key][0]:
                best[occupation.key] = (score, occupation, entry)
    return _ranked(best.values(), limit)


def _valid_occupation(key: str, day: date) -> Occupation | None:
    """The occupation, or the successor that replaced it, if valid on ``day``."""
    occupation = occupations.get(key)
    if occupation is None or occupation.is_valid_on(day):
        return occupation
    successor = occupations.successor_of(key)
    return successor if successor is not None and successor.is_valid_on(day) else None


def _weight(occupation: Occupation) -> int:
    """New contracts 2024; for a successor without figures those of the occupations it replaced."""
    if occupation.new_contracts_2024 is not None:
        return occupation.new_contracts_2024
    return sum(old.new_contracts_2024 or 0 for old in occupations.predecessors_of(occupation.key))


def _ranked(found: Iterable[tuple[float, Occupation, _Entry]], limit: int) -> list[OccupationMatch]:
    matches = [
        OccupationMatch(occupation, round(score, 1), entry.display, entry.language)
        for score, occupation, entry in found
    ]
    matches.sort(
        key=lambda match: (-match.score, -_weight(match.occupation), match.occupation.name)
    )
    return matches[:limit]


@cache
def _notes() -> tuple[_Note, ...]:
    triggers: dict[str, list[str]] = {}
    texts: dict[str, dict[str, str]] = {}
    for row in _read("occupation_notes.csv", NOTES_HEADER):
        if row["language"] not in LANGUAGES or row["kind"] not in ("trigger", "note"):
            raise RuntimeError(f"occupation_notes.csv: bad row {row}")
        if row["kind"] == "trigger":
            triggers.setdefault(row["topic"], []).append(row["text"])
        else:
            texts.setdefault(row["topic"], {})[row["language"]] = row["text"]
    return tuple(
        _Note(topic, tuple(triggers.get(topic, ())), texts[topic]) for topic in sorted(texts)
    )


def _trigger_matches(trigger: str, query: str, words: Iterable[str]) -> bool:
    """``"pflege*"`` matches words starting with it, other triggers whole words or phrases."""
    if trigger.endswith("*"):
        stem = normalise(trigger[:-1])
        return any(word.startswith(stem) for word in words)
    phrase = normalise(trigger)
    if f" {phrase} " in f" {query} ":
        return True
    # Typos only for longer single words, and never for a shorter word ("Lehre" is not
    # "Lehrer").
    return (
        len(phrase) >= 6
        and " " not in phrase
        and any(
            len(word) >= len(phrase) and fuzz.ratio(word, phrase) >= _NOTE_FUZZY for word in words
        )
    )


def notes(text: str, language: str) -> list[str]:
    """Explanations for wishes that are not dual training occupations, in ``language``.

    ``notes("Pflege", "de")`` explains that nursing is trained under the
    Pflegeberufegesetz (PflBG). Triggers of every language count; the text is in
    ``language``, else English, else German. ``[]`` when nothing applies.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    query = normalise(text)
    words = query.split()
    if not words:
        return []
    found = []
    for note in _notes():
        if any(_trigger_matches(trigger, query, words) for trigger in note.triggers):
            found.append(note.texts.get(language) or note.texts.get("en") or note.texts["de"])
    return found
