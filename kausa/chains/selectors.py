"""Reads of process chains. Templates belong to the organisation; runs to one office."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.chains.models import ChainRun, ChainRunStep, ChainStep, ChainTemplate, StepStatus
from kausa.core.access import office_scoped
from kausa.core.models import District, User


def templates_visible_to(user: User) -> QuerySet[ChainTemplate]:
    return ChainTemplate.objects.filter(organisation_id=user.organisation_pk)


def template_get_for_user(user: User, pk: int) -> ChainTemplate:
    return get_object_or_404(templates_visible_to(user), pk=pk)


def step_get_for_user(user: User, pk: int) -> ChainStep:
    queryset = ChainStep.objects.filter(template__organisation_id=user.organisation_pk)
    return get_object_or_404(queryset.select_related("template"), pk=pk)


def runs_visible_to(user: User) -> QuerySet[ChainRun]:
    return office_scoped(ChainRun.objects.all(), user)


def run_get_for_user(user: User, pk: int) -> ChainRun:
    queryset = runs_visible_to(user).select_related(
        "template", "person", "company", "district", "office", "counsellor"
    )
    return get_object_or_404(queryset, pk=pk)


def run_step_get_for_user(user: User, pk: int) -> ChainRunStep:
    queryset = ChainRunStep.objects.filter(run__in=runs_visible_to(user))
    return get_object_or_404(queryset.select_related("run", "step"), pk=pk)


def open_run_steps_for(user: User) -> QuerySet[ChainRunStep]:
    """Open steps with a due date in the chains the user looks after."""
    return (
        ChainRunStep.objects.filter(
            run__counsellor=user,
            status__in=[StepStatus.OPEN, StepStatus.IN_PROGRESS],
            due_on__isnull=False,
        )
        .select_related("run__person", "run__company", "step", "run__template")
        .order_by("due_on", "id")
    )


def organisation_districts(user: User) -> QuerySet[District]:
    """The districts of the states the organisation's offices are in (for the variant matrix)."""
    from kausa.core.models import Office

    prefixes = {
        key[:2]
        for key in Office.objects.filter(organisation_id=user.organisation_pk).values_list(
            "district_id", flat=True
        )
        if key
    }
    districts = District.objects.none()
    for prefix in sorted(prefixes):
        districts = districts | District.objects.filter(pk__startswith=prefix)
    return districts.order_by("name")
