"""Reads of job agency imports: the team leads and administrators of the organisation."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from kausa.ba.models import ImportIssue, ImportRun
from kausa.core.access import get_for_user
from kausa.core.models import User


def import_run_list(user: User) -> QuerySet[ImportRun]:
    """The runs of the user's organisation (the views let only team leads in)."""
    return ImportRun.objects.filter(organisation_id=user.organisation_pk).select_related(
        "started_by"
    )


def import_run_get_for_user(user: User, pk: int, *, write: bool = False) -> ImportRun:
    """404 for a run of another organisation."""
    return get_for_user(import_run_list(user), pk, user=user, write=write)


def import_issue_counts(run: ImportRun) -> list[tuple[str, int]]:
    """(reason label, count) of a run's issues, most frequent first."""
    rows = run.issues.values("reason").annotate(count=Count("id")).order_by("-count", "reason")
    labels = dict(ImportIssue._meta.get_field("reason").flatchoices)
    return [(str(labels.get(row["reason"], row["reason"])), row["count"]) for row in rows]


def import_issues(run: ImportRun) -> QuerySet[ImportIssue]:
    return run.issues.order_by("reason", "id")
