"""Client of the job agency's language-course search (Berufssprachkurssuche).

`GET /pc/v1/bildungsangebot` lists course dates (`_embedded.termine`) around a place
(`orte=Name_PLZ_lon_lat`) within a radius (`umkreis`) for a course type (`systematiken`:
MC = job-language courses). Only these region and course-type parameters are ever sent: no
personal data goes to the agency. Answers are untrusted text: they are parsed into plain
values here and escaped wherever they are shown.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from kausa.ba.http import BaRequestError, PoliteClient
from kausa.reference.gazetteer import haversine_km

logger = logging.getLogger("kausa.bsk")

SEARCH_PATH = "/pc/v1/bildungsangebot"
# The public client id of the agency's own course-search web app (documented in the spec).
SPRACHKURS_API_KEY = "bd24f42e-ad0b-4005-b834-23bb6800dc6c"
JOB_LANGUAGE_COURSES = "MC"
# The radii the search accepts (km); anything larger is searched nationwide.
RADIUS_STEPS = (25, 50, 100, 150, 200)
MAX_PAGES = 10
# Germany's bounding box: coordinates outside it are treated as wrong (the spec's own
# examples swap latitude and longitude).
_LAT_RANGE = (47.0, 55.2)
_LON_RANGE = (5.5, 15.5)


class CourseSearchError(Exception):
    """The search could not be done (service down, refused, malformed answer)."""


@dataclass(frozen=True)
class Course:
    """One course date, reduced to what the staff pages show."""

    id: str
    title: str
    provider: str
    postal_code: str
    place: str
    latitude: float | None
    longitude: float | None
    start: datetime.date | None
    end: datetime.date | None
    azubi_suitable: bool
    link: str
    form: str
    distance_km: float | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["start"] = self.start.isoformat() if self.start else None
        data["end"] = self.end.isoformat() if self.end else None
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Course | None:
        """A course from the cache (tolerant: a damaged entry is dropped, not shown raw)."""
        try:
            return cls(
                id=_text(data.get("id")),
                title=_text(data.get("title")),
                provider=_text(data.get("provider")),
                postal_code=_text(data.get("postal_code")),
                place=_text(data.get("place")),
                latitude=_number(data.get("latitude")),
                longitude=_number(data.get("longitude")),
                start=_iso_date(data.get("start")),
                end=_iso_date(data.get("end")),
                azubi_suitable=data.get("azubi_suitable") is True,
                link=_web_link(data.get("link")),
                form=_text(data.get("form")),
                distance_km=_number(data.get("distance_km")),
            )
        except (TypeError, ValueError):
            return None

    def with_distance_from(self, latitude: float, longitude: float) -> Course:
        if self.latitude is None or self.longitude is None:
            return self
        distance = haversine_km(latitude, longitude, self.latitude, self.longitude)
        return Course(**{**asdict(self), "distance_km": round(distance, 1)})


@dataclass
class SearchResult:
    courses: list[Course] = field(default_factory=list)
    skipped: int = 0  # entries too damaged to use
    pages: int = 0


@dataclass(frozen=True)
class Origin:
    """Where a search starts: a postal code with the gazetteer's place and coordinates."""

    postal_code: str
    place: str
    latitude: float
    longitude: float


def umkreis_for(radius_km: int) -> str:
    """The smallest radius step of the search that covers `radius_km`."""
    for step in RADIUS_STEPS:
        if radius_km <= step:
            return str(step)
    return "Bundesweit"


def search_params(origin: Origin, radius_km: int, course_type: str) -> dict[str, str]:
    """Exactly what is sent: region (place, postal code, coordinates), radius, course type."""
    place = origin.place.replace("_", " ").replace(",", " ")
    return {
        "orte": f"{place}_{origin.postal_code}_{origin.longitude:.6f}_{origin.latitude:.6f}",
        "umkreis": umkreis_for(radius_km),
        "systematiken": course_type,
    }


def search_courses(
    client: PoliteClient,
    origin: Origin,
    *,
    radius_km: int,
    course_type: str = JOB_LANGUAGE_COURSES,
    max_pages: int = MAX_PAGES,
) -> SearchResult:
    """All course dates around `origin` (every page, up to `max_pages`), with distances."""
    params = search_params(origin, radius_km, course_type)
    result = SearchResult()
    page = 0
    while page < max_pages:
        try:
            body = client.get_json(SEARCH_PATH, {**params, "page": str(page)})
        except BaRequestError as error:
            raise CourseSearchError(str(error)) from error
        items, total_pages = _page_items(body)
        result.pages += 1
        for item in items:
            course = parse_course(item)
            if course is None:
                result.skipped += 1
            else:
                result.courses.append(course.with_distance_from(origin.latitude, origin.longitude))
        page += 1
        if page >= total_pages or not items:
            break
    if result.skipped:
        logger.info("course search: %d malformed entries skipped", result.skipped)
    return result


def _page_items(body: Any) -> tuple[list[Any], int]:
    if not isinstance(body, dict):
        raise CourseSearchError("malformed answer: not an object")
    embedded = body.get("_embedded", {})
    items = embedded.get("termine", []) if isinstance(embedded, dict) else None
    if not isinstance(items, list):
        raise CourseSearchError("malformed answer: no list of course dates")
    page = body.get("page")
    total = page.get("totalPages") if isinstance(page, dict) else None
    return items, total if isinstance(total, int) and total >= 0 else 1


def parse_course(item: Any) -> Course | None:
    """A course date of the answer, or None when it lacks an id or a title."""
    if not isinstance(item, dict):
        return None
    offer = _dict(item.get("angebot"))
    provider = _dict(offer.get("bildungsanbieter"))
    address = _dict(item.get("adresse")) or _dict(provider.get("adresse"))
    town = _dict(address.get("ortStrasse"))
    course_id, title = item.get("id"), _text(offer.get("titel"))
    if not isinstance(course_id, int | str) or isinstance(course_id, bool) or not title:
        return None
    latitude, longitude = _coordinates(_dict(address.get("koordinaten")))
    distances = item.get("abstaende")
    reported = None
    if isinstance(distances, list) and distances and isinstance(distances[0], dict):
        reported = _number(distances[0].get("abstandInKm"))
    return Course(
        id=str(course_id)[:40],
        title=title[:300],
        provider=_text(provider.get("name"))[:200],
        postal_code=_text(town.get("plz"))[:5],
        place=_text(town.get("name"))[:120],
        latitude=latitude,
        longitude=longitude,
        start=_epoch_date(item.get("beginn")),
        end=_epoch_date(item.get("ende")),
        azubi_suitable=item.get("azubiGeeignet") is True,
        link=_web_link(item.get("link")) or _web_link(offer.get("link")),
        form=_text(_dict(item.get("unterrichtsform")).get("bezeichnung"))[:80],
        distance_km=round(reported, 1) if reported is not None else None,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _in_germany(latitude: float, longitude: float) -> bool:
    return (
        _LAT_RANGE[0] <= latitude <= _LAT_RANGE[1] and _LON_RANGE[0] <= longitude <= _LON_RANGE[1]
    )


def _coordinates(data: dict[str, Any]) -> tuple[float | None, float | None]:
    latitude, longitude = _number(data.get("lat")), _number(data.get("lon"))
    if latitude is None or longitude is None:
        return None, None
    if _in_germany(latitude, longitude):
        return latitude, longitude
    if _in_germany(longitude, latitude):
        return longitude, latitude
    return None, None


def _epoch_date(value: Any) -> datetime.date | None:
    """The agency sends dates as epoch milliseconds (numbers or digit strings)."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        moment = datetime.datetime.fromtimestamp(value / 1000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.date()


def _iso_date(value: Any) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _web_link(value: Any) -> str:
    """Only plain http(s) links are kept: anything else would be a script or a trick."""
    text = _text(value)
    lowered = text.lower()
    if lowered.startswith(("https://", "http://")) and not any(c in text for c in "<>\"' "):
        return text[:500]
    return ""
