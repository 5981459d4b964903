"""The course finder: job-language courses near a postal code, cached per region query.

A search is keyed by course type, postal code and radius step; a fresh cached answer
(`BSK_CACHE_HOURS`) sends no request. When the agency cannot be reached, an older answer is
shown as such; without one, the caller gets `failed` and shows a message. Distances are
measured from the postal code's gazetteer point.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from kausa.ba.http import PoliteClient
from kausa.bsk import client as course_client
from kausa.bsk import services
from kausa.bsk.client import Course, CourseSearchError, Origin
from kausa.bsk.models import CourseSearch
from kausa.core.models import User
from kausa.reference import gazetteer

# Injectable so tests need not wait for the retry backoff.
sleep: Callable[[float], None] = time.sleep


@dataclass
class CourseLookup:
    origin: Origin | None
    radius_km: int
    courses: list[Course] = field(default_factory=list)
    failed: bool = False  # no answer at all: show a message, count nothing as "none in reach"
    stale: bool = False  # an older answer, because the agency could not be reached now
    from_cache: bool = False
    fetched_at: datetime.datetime | None = None

    def in_reach(self, today: datetime.date | None = None) -> list[Course]:
        """Courses for apprentices within the radius that have not ended, nearest first."""
        today = today or timezone.localdate()
        found = [
            course
            for course in self.courses
            if course.azubi_suitable
            and course.distance_km is not None
            and course.distance_km <= self.radius_km
            and (course.end is None or course.end >= today)
        ]
        return sorted(found, key=lambda course: (course.distance_km or 0.0, course.title))


def make_client() -> PoliteClient:
    """A client for interactive pages: short timeouts and few retries, so a page never hangs."""
    return PoliteClient(
        base_url=settings.BA_SPRACHKURS_BASE_URL,
        api_key=course_client.SPRACHKURS_API_KEY,
        timeout=6.0,
        max_retries=1,
        backoff_seconds=0.5,
        max_backoff_seconds=5.0,
        sleep=sleep,
    )


def origin_for(postal_code: str) -> Origin | None:
    entry = gazetteer.lookup(postal_code) if postal_code else None
    if entry is None:
        return None
    return Origin(
        postal_code=entry.postal_code,
        place=entry.places[0],
        latitude=entry.latitude,
        longitude=entry.longitude,
    )


def query_key(origin: Origin, radius_km: int, course_type: str) -> str:
    return f"{course_type}:{origin.postal_code}:{course_client.umkreis_for(radius_km)}"


def _cached_courses(search: CourseSearch, origin: Origin) -> list[Course]:
    raw = search.courses if isinstance(search.courses, list) else []
    courses = [Course.from_dict(item) for item in raw if isinstance(item, dict)]
    return [
        course.with_distance_from(origin.latitude, origin.longitude) for course in courses if course
    ]


def courses_near(
    postal_code: str,
    *,
    actor: User | None,
    radius_km: int | None = None,
    course_type: str = course_client.JOB_LANGUAGE_COURSES,
    client: PoliteClient | None = None,
    offline: bool = False,
) -> CourseLookup:
    """Courses around `postal_code`: from the cache when fresh, else from the agency (with
    `offline`, from the cache only: an older answer is shown as such)."""
    radius = radius_km or settings.BSK_RADIUS_KM
    origin = origin_for(postal_code)
    lookup = CourseLookup(origin=origin, radius_km=radius)
    if origin is None:
        return lookup
    key = query_key(origin, radius, course_type)
    cached = CourseSearch.objects.filter(query_key=key).first()
    if cached is not None and cached.fetched_at is not None:
        lookup.courses, lookup.fetched_at = _cached_courses(cached, origin), cached.fetched_at
        if cached.fetched_at >= timezone.now() - datetime.timedelta(hours=settings.BSK_CACHE_HOURS):
            lookup.from_cache = True
            return lookup
    if offline:
        lookup.failed, lookup.stale = not lookup.courses, bool(lookup.courses)
        return lookup
    own_client = client is None
    http = client or make_client()
    before = http.stats.as_dict()
    params = course_client.search_params(origin, radius, course_type)
    try:
        result = course_client.search_courses(
            http, origin, radius_km=radius, course_type=course_type
        )
    except CourseSearchError as error:
        services.course_search_failed(
            actor=actor, query_key=key, params=params, error=str(error), stats=_spent(http, before)
        )
        lookup.failed, lookup.stale = not lookup.courses, bool(lookup.courses)
        return lookup
    finally:
        if own_client:
            http.close()
    search = services.course_search_store(
        actor=actor, query_key=key, params=params, result=result, stats=_spent(http, before)
    )
    lookup.courses, lookup.fetched_at, lookup.stale = result.courses, search.fetched_at, False
    return lookup


def _spent(http: PoliteClient, before: dict[str, float | int]) -> dict[str, float]:
    after = http.stats.as_dict()
    return {name: float(after[name]) - float(before[name]) for name in after}


class LookupMemo:
    """One lookup per postal code within one page (many people share a postal code), all
    through one polite client so its request interval holds across the searches. After a
    failed search the agency is not asked again for this page, so a service that is down
    costs one timeout, not one per postal code."""

    def __init__(self, actor: User | None, client: PoliteClient | None = None) -> None:
        self.actor = actor
        self._client = client
        self._own_client: PoliteClient | None = None
        self._found: dict[str, CourseLookup] = {}
        self.unreachable = False

    def __call__(self, postal_code: str) -> CourseLookup:
        if postal_code not in self._found:
            if self._client is None:
                self._client = self._own_client = make_client()
            lookup = courses_near(
                postal_code, actor=self.actor, client=self._client, offline=self.unreachable
            )
            self.unreachable = self.unreachable or lookup.failed or lookup.stale
            self._found[postal_code] = lookup
        return self._found[postal_code]

    def close(self) -> None:
        if self._own_client is not None:
            self._own_client.close()
