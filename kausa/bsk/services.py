"""Writes of the Azubi-BSK app: a person's course status, and the cache of course searches."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from kausa.bsk import audit_actions
from kausa.bsk.client import SearchResult
from kausa.bsk.models import CourseParticipation, CourseSearch, CourseStatus
from kausa.core.access import require_write
from kausa.core.audit import audit_log
from kausa.core.models import User
from kausa.people.models import Person


@transaction.atomic
def course_status_set(
    *,
    actor: User,
    person: Person,
    status: str,
    course_title: str = "",
    provider: str = "",
) -> CourseParticipation:
    """Record where `person` stands with a job-language course (only their office may)."""
    require_write(actor, person)
    if status not in CourseStatus.values:
        raise ValueError("unknown course status")
    participation = CourseParticipation.objects.filter(person=person).first()
    if participation is None:
        participation = CourseParticipation(person=person)
    values = {"status": status, "course_title": course_title.strip(), "provider": provider.strip()}
    changed = [name for name, value in values.items() if getattr(participation, name) != value]
    if participation.pk is not None and not changed:
        return participation
    for name, value in values.items():
        setattr(participation, name, value)
    participation.updated_by = actor
    participation.save()
    audit_log(
        actor=actor,
        action=audit_actions.COURSE_STATUS_SET,
        obj=participation,
        office=person.office,
        changed_fields=changed or ["status"],
    )
    return participation


# The two functions below fill the cache of public course data. Any staff member's page may
# trigger a search, so there is no owner to check; each fetch leaves one audit entry that
# points at the cached search, which holds its counts, time and error.


@transaction.atomic
def course_search_store(
    *,
    actor: User | None,
    query_key: str,
    params: dict[str, str],
    result: SearchResult,
    stats: dict[str, float],
) -> CourseSearch:
    search, _created = CourseSearch.objects.select_for_update().get_or_create(query_key=query_key)
    search.params = params
    search.fetched_at = timezone.now()
    search.courses = [course.as_dict() for course in result.courses]
    search.course_count = len(result.courses)
    search.skipped_count = result.skipped
    _count(search, stats)
    search.save()
    audit_log(
        actor=actor,
        action=audit_actions.COURSE_SEARCH_FETCHED,
        obj=search,
        changed_fields=["courses", "fetched_at"],
    )
    return search


@transaction.atomic
def course_search_failed(
    *,
    actor: User | None,
    query_key: str,
    params: dict[str, str],
    error: str,
    stats: dict[str, float],
) -> CourseSearch:
    """Keep the failure (and any older answer, which is shown as outdated)."""
    search, _created = CourseSearch.objects.select_for_update().get_or_create(query_key=query_key)
    search.params = params
    search.last_error = error[:100]
    search.last_error_at = timezone.now()
    _count(search, stats)
    search.save()
    audit_log(
        actor=actor,
        action=audit_actions.COURSE_SEARCH_FETCHED,
        obj=search,
        changed_fields=["last_error"],
    )
    return search


def _count(search: CourseSearch, stats: dict[str, Any]) -> None:
    search.requests += int(stats.get("requests", 0))
    search.retries += int(stats.get("retries", 0))
    search.seconds = round(float(stats.get("seconds", 0.0)), 3)
