"""Test helpers: a cached course search, so pages that show courses send no request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from kausa.bsk import courses
from kausa.bsk.client import JOB_LANGUAGE_COURSES, parse_course
from kausa.bsk.fake_server import demo_courses
from kausa.bsk.models import CourseSearch


def cache_courses(
    postal_code: str = "39104", items: list[dict[str, Any]] | None = None
) -> CourseSearch:
    """A fresh cached answer for `postal_code` (default: the fake server's demo courses)."""
    origin = courses.origin_for(postal_code)
    assert origin is not None
    parsed = [parse_course(item) for item in (demo_courses() if items is None else items)]
    key = courses.query_key(origin, settings.BSK_RADIUS_KM, JOB_LANGUAGE_COURSES)
    search, _created = CourseSearch.objects.update_or_create(
        query_key=key,
        defaults={
            "fetched_at": timezone.now(),
            "courses": [course.as_dict() for course in parsed if course is not None],
        },
    )
    return search
