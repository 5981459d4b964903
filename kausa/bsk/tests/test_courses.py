"""The course finder: cached searches send no request, failures keep older answers."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kausa.bsk import audit_actions
from kausa.bsk.courses import LookupMemo, courses_near
from kausa.bsk.models import CourseSearch
from kausa.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_cached_search_sends_no_request(fake_courses, counsellor_a):
    first = courses_near("39104", actor=counsellor_a)
    assert not first.from_cache and len(fake_courses.requests) == 1
    assert [course.id for course in first.in_reach()] == ["9001"]  # the one for apprentices
    second = courses_near("39104", actor=counsellor_a)
    assert second.from_cache
    assert len(fake_courses.requests) == 1
    assert [course.id for course in second.in_reach()] == ["9001"]
    assert second.in_reach()[0].distance_km == 0.0


def test_an_expired_cache_is_refreshed(fake_courses, counsellor_a, settings):
    courses_near("39104", actor=counsellor_a)
    CourseSearch.objects.update(
        fetched_at=timezone.now() - datetime.timedelta(hours=settings.BSK_CACHE_HOURS + 1)
    )
    refreshed = courses_near("39104", actor=counsellor_a)
    assert not refreshed.from_cache and len(fake_courses.requests) == 2


def test_a_failed_refresh_shows_the_older_answer_as_such(fake_courses, counsellor_a, settings):
    courses_near("39104", actor=counsellor_a)
    CourseSearch.objects.update(fetched_at=timezone.now() - datetime.timedelta(days=3))
    fake_courses.state.fail_next = [(500, {})] * 5
    lookup = courses_near("39104", actor=counsellor_a)
    assert lookup.stale and not lookup.failed
    assert [course.id for course in lookup.in_reach()] == ["9001"]
    search = CourseSearch.objects.get()
    assert "500" in search.last_error and search.course_count == 2


def test_without_any_answer_the_lookup_failed(no_courses_service, counsellor_a):
    lookup = courses_near("39104", actor=counsellor_a)
    assert lookup.failed and lookup.in_reach() == []


def test_each_fetch_is_audited_with_its_counts(fake_courses, counsellor_a):
    courses_near("39104", actor=counsellor_a)
    courses_near("39104", actor=counsellor_a)  # cached: no second entry
    entries = AuditEntry.objects.filter(action=audit_actions.COURSE_SEARCH_FETCHED)
    assert entries.count() == 1
    entry = entries.get()
    search = CourseSearch.objects.get()
    assert entry.object_id == str(search.pk) and entry.actor == counsellor_a
    assert search.requests == 1 and search.course_count == 2 and search.seconds >= 0
    assert search.params == {
        "orte": "Magdeburg_39104_11.629200_52.127700",
        "umkreis": "50",
        "systematiken": "MC",
    }


def test_courses_out_of_radius_ended_or_not_for_apprentices_are_not_in_reach(
    fake_courses, counsellor_a, settings
):
    from kausa.bsk.fake_server import course_item

    fake_courses.state.courses = [
        course_item(1, "Azubi-BSK nah"),
        course_item(2, "Allgemein nah", azubi=False),
        course_item(3, "Azubi-BSK vorbei", starts_in_days=-400),
        course_item(4, "Azubi-BSK Halle", postal_code="06108", latitude=51.48, longitude=11.97),
    ]
    settings.BSK_RADIUS_KM = 100
    lookup = courses_near("39104", actor=counsellor_a)
    assert [course.id for course in lookup.in_reach()] == ["1", "4"]
    settings.BSK_RADIUS_KM = 50
    assert [course.id for course in courses_near("39104", actor=counsellor_a).in_reach()] == ["1"]


def test_an_unknown_postal_code_sends_nothing(fake_courses, counsellor_a):
    lookup = courses_near("00000", actor=counsellor_a)
    assert lookup.origin is None and not lookup.failed
    assert courses_near("", actor=counsellor_a).origin is None
    assert fake_courses.requests == []


def test_one_page_asks_once_per_postal_code(fake_courses, counsellor_a):
    memo = LookupMemo(counsellor_a)
    try:
        for postal_code in ("39104", "39104", "06108", "39104"):
            memo(postal_code)
    finally:
        memo.close()
    assert len(fake_courses.requests) == 2


def test_a_page_stops_asking_once_the_agency_failed(fake_courses, counsellor_a):
    courses_near("06108", actor=counsellor_a)  # cached before the outage
    CourseSearch.objects.update(fetched_at=timezone.now() - datetime.timedelta(days=3))
    fake_courses.state.fail_next = [(503, {})] * 10
    before = len(fake_courses.requests)
    memo = LookupMemo(counsellor_a)
    try:
        first = memo("39104")
        halle = memo("06108")
        third = memo("06844")
    finally:
        memo.close()
    assert first.failed and third.failed
    assert halle.stale and [course.id for course in halle.courses]  # the older answer
    assert len(fake_courses.requests) - before == 2  # one search, one retry, then no more
