"""From an offer of the job agency to the values of an apprenticeship place (no database).

Every check that can fail raises `OfferProblem` with a reason code (`IssueReason`) and a short
technical detail (a field name or an occupation title, never the employer), so the import
reports the offer and goes on with the next.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from kausa.ba.models import IssueReason
from kausa.core.choices import SchoolCertificate
from kausa.core.search import normalize

REFNR = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{4,38}")
OFFER_LINK = "https://www.arbeitsagentur.de/jobsuche/jobdetail/{refnr}"
MAX_SEATS = 99
# The lowest certificate an offer names is the requirement ("Hauptschulabschluss oder höher").
SCHOOL_WORDS = (
    ("hauptschulabschluss", SchoolCertificate.LOWER_SECONDARY),
    ("berufsbildungsreife", SchoolCertificate.LOWER_SECONDARY),
    ("realschulabschluss", SchoolCertificate.INTERMEDIATE),
    ("mittlere reife", SchoolCertificate.INTERMEDIATE),
    ("mittlerer schulabschluss", SchoolCertificate.INTERMEDIATE),
    ("fachhochschulreife", SchoolCertificate.UNIVERSITY_OF_APPLIED_SCIENCES),
    ("abitur", SchoolCertificate.UNIVERSITY),
    ("allgemeine hochschulreife", SchoolCertificate.UNIVERSITY),
)
_GENDER_SUFFIX = re.compile(r"/\s*-?\s*[a-zäöüß]+")


class OfferProblem(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail[:200]


@dataclass(frozen=True)
class MappedOffer:
    refnr: str
    occupation_id: int
    start_date: datetime.date
    seats: int
    postal_code: str
    employer_name: str
    employer_postal_code: str
    requires_driving_licence: bool
    required_school_certificate: int
    link: str
    modified: str


def title_key(title: str) -> str:
    """A comparable form of an occupation title: "Elektroniker/in - Betriebstechnik" and
    "Elektroniker/-in für Betriebstechnik" both become "elektroniker betriebstechnik"."""
    text = title.casefold().replace("(m/w/d)", " ")
    text = _GENDER_SUFFIX.sub("", text)
    text = re.sub(r"\s(?:-|für)\s", " ", f" {text} ")
    return normalize(text)


def offer_refnr(listing: Mapping[str, Any]) -> str:
    value = listing.get("refnr")
    if not isinstance(value, str) or not value:
        raise OfferProblem(IssueReason.MISSING_FIELD, "refnr")
    if not REFNR.fullmatch(value):
        raise OfferProblem(IssueReason.INVALID_FIELD, "refnr")
    return value


def _text(offer: Mapping[str, Any], *names: str) -> str:
    for name in names:
        value = offer.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _postal_code(value: Any) -> str:
    """A postal code from the listing (a number in the spec) or the details (a string)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:05d}"
    return value.strip() if isinstance(value, str) else ""


def _workplace_postal_code(listing: Mapping[str, Any], details: Mapping[str, Any]) -> str:
    places = details.get("arbeitsorte")
    if isinstance(places, list) and places and isinstance(places[0], dict):
        code = _postal_code(places[0].get("plz"))
        if code:
            return code
    workplace = listing.get("arbeitsort")
    return _postal_code(workplace.get("plz")) if isinstance(workplace, dict) else ""


def _start_date(offer: Mapping[str, Any]) -> datetime.date:
    value = offer.get("eintrittsdatum")
    if not value:
        raise OfferProblem(IssueReason.MISSING_FIELD, "eintrittsdatum")
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise OfferProblem(IssueReason.INVALID_FIELD, "eintrittsdatum") from None


def _seats(details: Mapping[str, Any]) -> int:
    value = details.get("anzahlOffeneStellen", 1)
    if value is None:
        return 1
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OfferProblem(IssueReason.INVALID_FIELD, "anzahlOffeneStellen")
    return min(value, MAX_SEATS)


def _skills_text(details: Mapping[str, Any]) -> str:
    """The skills as one lower-case text (names and values), for the requirement words."""
    words: list[str] = []
    skills = details.get("fertigkeiten")
    for skill in skills if isinstance(skills, list) else []:
        if not isinstance(skill, dict):
            continue
        words.append(str(skill.get("hierarchieName", "")))
        values = skill.get("auspraegungen")
        if isinstance(values, dict):
            words.extend(str(item) for group in values.values() for item in _as_list(group))
    return " ".join(words).casefold()


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _school_certificate(text: str) -> int:
    found = [level for word, level in SCHOOL_WORDS if word in text]
    return int(min(found)) if found else int(SchoolCertificate.NONE)


def map_offer(
    listing: Mapping[str, Any],
    details: Mapping[str, Any],
    *,
    occupation_for: Callable[[str, str], int | None],
    postal_code_known: Callable[[str], bool],
) -> MappedOffer:
    """The place's values from an offer's listing entry and its details (details win)."""
    offer = {**listing, **details}
    refnr = offer_refnr(listing)
    title = _text(offer, "beruf")
    if not title:
        raise OfferProblem(IssueReason.MISSING_FIELD, "beruf")
    code = _text(offer, "kldb", "kldbCode")  # not in the documented shape: used when present
    occupation_id = occupation_for(code, title)
    if occupation_id is None:
        raise OfferProblem(IssueReason.UNKNOWN_OCCUPATION, title)
    employer = _text(offer, "arbeitgeber")
    if not employer:
        raise OfferProblem(IssueReason.MISSING_FIELD, "arbeitgeber")
    postal_code = _workplace_postal_code(listing, details)
    if not postal_code:
        raise OfferProblem(IssueReason.MISSING_FIELD, "arbeitsort.plz")
    if not postal_code_known(postal_code):
        raise OfferProblem(IssueReason.UNKNOWN_POSTAL_CODE, postal_code[:10])
    address = details.get("arbeitgeberAdresse")
    employer_code = _postal_code(address.get("plz")) if isinstance(address, dict) else ""
    skills = _skills_text(details)
    description = _text(details, "stellenangebotsBeschreibung", "stellenbeschreibung").casefold()
    return MappedOffer(
        refnr=refnr,
        occupation_id=occupation_id,
        start_date=_start_date(offer),
        seats=_seats(details),
        postal_code=postal_code,
        employer_name=employer[:200],
        employer_postal_code=employer_code if postal_code_known(employer_code) else postal_code,
        requires_driving_licence="führerschein" in skills,
        required_school_certificate=_school_certificate(f"{skills} {description}"),
        link=OFFER_LINK.format(refnr=refnr),
        modified=_text(offer, "modifikationsTimestamp")[:40],
    )
