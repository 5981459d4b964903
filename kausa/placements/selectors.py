"""Reads of proposals and matching runs, scoped like the people they concern."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.core.access import office_scoped
from kausa.core.models import User
from kausa.people.selectors import people_visible_to
from kausa.placements.models import MatchingRun, Proposal


def proposals_visible_to(user: User) -> QuerySet[Proposal]:
    return Proposal.objects.filter(person__in=people_visible_to(user)).select_related(
        "person", "vacancy__company", "vacancy__occupation", "office"
    )


def proposal_get_for_user(user: User, pk: int) -> Proposal:
    return get_object_or_404(proposals_visible_to(user), pk=pk)


def runs_visible_to(user: User) -> QuerySet[MatchingRun]:
    return office_scoped(MatchingRun.objects.all(), user)


def run_get_for_user(user: User, pk: int) -> MatchingRun:
    return get_object_or_404(runs_visible_to(user), pk=pk)
