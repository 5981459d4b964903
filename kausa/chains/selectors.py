"""Reads of process chains. Templates belong to the organisation; runs to one office.

Access goes through `core.access`: an invisible object answers 404, `write=True` answers 403
for one the user may see but not change (templates: only team leads configure them).
"""

from __future__ import annotations

import datetime

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from kausa.chains.models import (
    ChainRun,
    ChainRunStep,
    ChainStep,
    ChainTemplate,
    StepStatus,
    TemplateStatus,
)
from kausa.chains.translations import (
    STEP_TEXT_FIELDS,
    TEMPLATE_TEXT_FIELDS,
    translation_states,
)
from kausa.core.access import get_for_user, office_scoped, require_configure
from kausa.core.models import District, Office, User


def chain_template_list(user: User) -> QuerySet[ChainTemplate]:
    """Every version of every chain of the user's organisation."""
    return ChainTemplate.objects.filter(organisation_id=user.organisation_pk).order_by(
        "key", "-version"
    )


def chain_template_versions(template: ChainTemplate) -> QuerySet[ChainTemplate]:
    return ChainTemplate.objects.filter(
        organisation_id=template.organisation_id, key=template.key
    ).order_by("-version")


def chain_template_get_for_user(user: User, pk: int, *, write: bool = False) -> ChainTemplate:
    template = get_for_user(chain_template_list(user), pk, user=user)
    if write:
        require_configure(user)
    return template


def chain_step_get_for_user(user: User, pk: int, *, write: bool = False) -> ChainStep:
    queryset = ChainStep.objects.filter(template__organisation_id=user.organisation_pk)
    step = get_for_user(queryset.select_related("template"), pk, user=user)
    if write:
        require_configure(user)
    return step


def chain_run_list(user: User) -> QuerySet[ChainRun]:
    """The runs of the user's office (team leads: of every office of the organisation)."""
    return office_scoped(ChainRun.objects.all(), user)


def chain_run_get_for_user(user: User, pk: int, *, write: bool = False) -> ChainRun:
    queryset = chain_run_list(user).select_related(
        "template", "person", "company", "district", "office", "counsellor"
    )
    return get_for_user(queryset, pk, user=user, write=write)


def chain_run_of_own_office(user: User, run: ChainRun) -> bool:
    """Step notes and the hand-out (it names the person) are for the staff of the office that
    runs the chain, read-only colleagues included; team leads follow the steps only.
    A read rule (membership), not the write rule: writing goes through `may_write`."""
    return user.works_in(run.owning_office_id)


def chain_run_step_get_for_user(user: User, pk: int, *, write: bool = False) -> ChainRunStep:
    queryset = ChainRunStep.objects.filter(run__in=chain_run_list(user))
    return get_for_user(queryset.select_related("run", "step"), pk, user=user, write=write)


def open_run_steps_for(user: User) -> QuerySet[ChainRunStep]:
    """Open steps with a due date in the chains the user looks after, in runs of the user's
    reach (a run kept from an earlier office does not carry its person along)."""
    return (
        ChainRunStep.objects.filter(
            run__in=chain_run_list(user),
            run__counsellor=user,
            status__in=[StepStatus.OPEN, StepStatus.IN_PROGRESS],
            due_on__isnull=False,
        )
        .select_related("run__person", "run__company", "step", "run__template")
        .order_by("due_on", "id")
    )


def organisation_districts(user: User) -> QuerySet[District]:
    """The districts of the states the organisation's offices are in (for the variant matrix)."""
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


def translation_state(obj: ChainStep | ChainTemplate) -> dict[str, str]:
    """Per language other than German: "complete", "outdated" (the German text changed after
    the translation was saved) or "missing"."""
    fields = STEP_TEXT_FIELDS if isinstance(obj, ChainStep) else TEMPLATE_TEXT_FIELDS
    return translation_states(obj.texts, fields)


def template_language_states(template: ChainTemplate) -> dict[str, str]:
    """Per language, the worst state over the template's texts and all its steps."""
    order = {"complete": 0, "outdated": 1, "missing": 2}
    states = translation_state(template)
    for step in template.steps.all():
        for language, state in translation_state(step).items():
            if order[state] > order[states[language]]:
                states[language] = state
    return states


# Steps are checked against their sources once a year.
REVIEW_INTERVAL = datetime.timedelta(days=365)


def steps_due_for_review(user: User) -> QuerySet[ChainStep]:
    """Steps of the organisation's published and draft templates not checked for more than
    twelve months, or never (team leads only)."""
    require_configure(user)
    cutoff = timezone.localdate() - REVIEW_INTERVAL
    return (
        ChainStep.objects.filter(
            template__organisation_id=user.organisation_pk,
            template__status__in=[TemplateStatus.PUBLISHED, TemplateStatus.DRAFT],
        )
        .filter(Q(last_checked__isnull=True) | Q(last_checked__lt=cutoff))
        .select_related("template", "checked_by")
        .order_by(
            F("last_checked").asc(nulls_first=True),
            "template__key",
            "template__version",
            "position",
        )
    )
