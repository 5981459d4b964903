"""Writes of process chains: templates and their versions, district partners, runs."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.chains.models import (
    Audience,
    ChainRun,
    ChainRunStep,
    ChainStep,
    ChainTemplate,
    DistrictPartner,
    Responsible,
    StepStatus,
    TemplateStatus,
)
from kausa.companies.models import Company
from kausa.core.audit import audit_log
from kausa.core.models import District, Organisation, User
from kausa.counselling.models import Case
from kausa.partners.models import Partner
from kausa.people.models import Person, PersonSensitive

SEED_DIR = Path(__file__).resolve().parent / "seed"
STEP_FIELDS = (
    "texts",
    "responsible",
    "partner_type",
    "typical_duration_days",
    "optional",
    "condition",
    "links",
    "legal_basis",
    "source_url",
    "source_note",
    "last_checked",
)


def _require_team_lead(actor: User) -> None:
    if not actor.sees_all_offices:
        raise ValidationError(_("Only team leads edit process chain templates."))


def _require_draft(template: ChainTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError(
            _("A published version cannot be changed. Create a new version to edit it.")
        )


# --- seeds --------------------------------------------------------------------------------


def _seed_step(template: ChainTemplate, position: int, data: dict[str, Any]) -> ChainStep:
    texts: dict[str, dict[str, Any]] = {}
    for language, title in data["title"].items():
        texts.setdefault(language, {})["title"] = title
    for language, text in data.get("description", {}).items():
        texts.setdefault(language, {})["description"] = text
    for language, documents in data.get("documents", {}).items():
        texts.setdefault(language, {})["documents"] = documents
    return ChainStep(
        template=template,
        position=position,
        key=data["key"],
        texts=texts,
        responsible=data["responsible"],
        partner_type=data.get("partner_type") or "",
        typical_duration_days=data.get("typical_duration_days"),
        optional=bool(data.get("optional")),
        condition=data.get("condition"),
        links=data.get("links") or [],
        legal_basis=data.get("legal_basis") or "",
        source_url=data.get("source_url") or "",
        source_note=data.get("source_note") or "",
        last_checked=datetime.date.fromisoformat(data["last_checked"])
        if data.get("last_checked")
        else None,
    )


@transaction.atomic
def templates_seed(organisation: Organisation) -> int:
    """Create the researched templates shipped in ``seed/`` that the organisation lacks."""
    created = 0
    for path in sorted(SEED_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if ChainTemplate.objects.filter(organisation=organisation, key=data["key"]).exists():
            continue
        texts: dict[str, dict[str, str]] = {}
        for language, title in data["title"].items():
            texts.setdefault(language, {})["title"] = title
        for language, summary in data.get("summary", {}).items():
            texts.setdefault(language, {})["summary"] = summary
        template = ChainTemplate.objects.create(
            organisation=organisation,
            key=data["key"],
            audience=data["audience"],
            status=TemplateStatus.PUBLISHED,
            valid_from=datetime.date.fromisoformat(data["valid_from"]),
            texts=texts,
            published_at=timezone.now(),
        )
        ChainStep.objects.bulk_create(
            [_seed_step(template, index, step) for index, step in enumerate(data["steps"], 1)]
        )
        created += 1
    return created


# --- templates ----------------------------------------------------------------------------


@transaction.atomic
def template_new_version(*, actor: User, template: ChainTemplate) -> ChainTemplate:
    """A draft copy of the template (steps and district partners), numbered next."""
    _require_team_lead(actor)
    if ChainTemplate.objects.filter(
        organisation=template.organisation, key=template.key, status=TemplateStatus.DRAFT
    ).exists():
        raise ValidationError(_("There is already a draft of this process chain."))
    latest = ChainTemplate.objects.filter(
        organisation=template.organisation, key=template.key
    ).aggregate(latest=Max("version"))["latest"]
    copy = ChainTemplate.objects.create(
        organisation=template.organisation,
        key=template.key,
        version=(latest or 0) + 1,
        audience=template.audience,
        status=TemplateStatus.DRAFT,
        valid_from=max(template.valid_from, timezone.localdate()),
        texts=template.texts,
        created_by=actor,
    )
    ChainStep.objects.bulk_create(
        [
            ChainStep(
                template=copy,
                position=step.position,
                key=step.key,
                **{name: getattr(step, name) for name in STEP_FIELDS},
            )
            for step in template.steps.all()
        ]
    )
    DistrictPartner.objects.bulk_create(
        [
            DistrictPartner(
                template=copy,
                district_id=row.district_id,
                partner_type=row.partner_type,
                partner_id=row.partner_id,
            )
            for row in template.district_partners.all()
        ]
    )
    audit_log(actor=actor, action="chains.template.versioned", obj=copy)
    return copy


@transaction.atomic
def template_update(
    *,
    actor: User,
    template: ChainTemplate,
    texts: dict[str, dict[str, str]],
    valid_from: datetime.date,
) -> ChainTemplate:
    _require_team_lead(actor)
    _require_draft(template)
    if not texts.get("de", {}).get("title"):
        raise ValidationError({"title_de": _("The German title is required.")})
    template.texts = texts
    template.valid_from = valid_from
    template.save(update_fields=["texts", "valid_from"])
    audit_log(actor=actor, action="chains.template.updated", obj=template)
    return template


@transaction.atomic
def template_publish(*, actor: User, template: ChainTemplate) -> ChainTemplate:
    """Publish a draft; the version published before it is retired (its runs continue)."""
    _require_team_lead(actor)
    _require_draft(template)
    steps = list(template.steps.all())
    if not steps:
        raise ValidationError(_("A process chain needs at least one step."))
    if any(not step.texts.get("de", {}).get("title") for step in steps):
        raise ValidationError(_("Every step needs a German title."))
    ChainTemplate.objects.filter(
        organisation=template.organisation, key=template.key, status=TemplateStatus.PUBLISHED
    ).update(status=TemplateStatus.RETIRED)
    template.status = TemplateStatus.PUBLISHED
    template.published_at = timezone.now()
    template.save(update_fields=["status", "published_at"])
    audit_log(actor=actor, action="chains.template.published", obj=template)
    return template


@transaction.atomic
def step_save(
    *,
    actor: User,
    template: ChainTemplate,
    step: ChainStep | None,
    key: str,
    data: dict[str, Any],
) -> ChainStep:
    """Create or change a step of a draft."""
    _require_team_lead(actor)
    _require_draft(template)
    if data["responsible"] == Responsible.PARTNER and not data.get("partner_type"):
        raise ValidationError({"partner_type": _("Choose the type of partner responsible.")})
    if data["responsible"] != Responsible.PARTNER:
        data["partner_type"] = ""
    duplicate = template.steps.filter(key=key)
    if step is not None:
        duplicate = duplicate.exclude(pk=step.pk)
    if duplicate.exists():
        raise ValidationError({"key": _("Another step of this chain has this key.")})
    if step is None:
        position = (template.steps.aggregate(last=Max("position"))["last"] or 0) + 1
        step = ChainStep(template=template, position=position)
    step.key = key
    for name, value in data.items():
        setattr(step, name, value)
    step.save()
    audit_log(actor=actor, action="chains.step.saved", obj=step)
    return step


@transaction.atomic
def step_delete(*, actor: User, step: ChainStep) -> None:
    _require_team_lead(actor)
    _require_draft(step.template)
    audit_log(actor=actor, action="chains.step.deleted", obj=step)
    step.delete()


@transaction.atomic
def step_move(*, actor: User, step: ChainStep, up: bool) -> None:
    _require_team_lead(actor)
    _require_draft(step.template)
    steps = list(step.template.steps.order_by("position", "id"))
    index = steps.index(step)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        return
    steps[index], steps[other] = steps[other], steps[index]
    for position, item in enumerate(steps, 1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    audit_log(actor=actor, action="chains.step.moved", obj=step)


# --- district variants --------------------------------------------------------------------


def partner_steps(template: ChainTemplate) -> list[ChainStep]:
    return [step for step in template.steps.all() if step.partner_type]


def missing_partners(
    template: ChainTemplate, districts: Iterable[District]
) -> list[tuple[District, ChainStep]]:
    """(district, step) for every partner step without a concrete partner in the district."""
    assigned = set(template.district_partners.values_list("district_id", "partner_type"))
    steps = partner_steps(template)
    return [
        (district, step)
        for district in districts
        for step in steps
        if (district.pk, step.partner_type) not in assigned
    ]


@transaction.atomic
def district_partner_set(
    *,
    actor: User,
    template: ChainTemplate,
    district: District,
    partner_type: str,
    partner: Partner | None,
) -> None:
    """Name the partner of a type for a district (the directory, not the versioned content)."""
    _require_team_lead(actor)
    if template.status == TemplateStatus.RETIRED:
        raise ValidationError(_("This version is retired."))
    if partner is not None and (
        partner.organisation_id != template.organisation_id or partner.partner_type != partner_type
    ):
        raise ValidationError(_("This partner is not of the required type."))
    DistrictPartner.objects.filter(
        template=template, district=district, partner_type=partner_type
    ).delete()
    if partner is not None:
        DistrictPartner.objects.create(
            template=template, district=district, partner_type=partner_type, partner=partner
        )
    audit_log(actor=actor, action="chains.district_partner.set", obj=template)


@transaction.atomic
def district_partners_fill(
    *, actor: User, template: ChainTemplate, districts: Iterable[District]
) -> int:
    """Fill gaps from the network directory where exactly one active partner of the type
    serves the district; the others stay flagged."""
    _require_team_lead(actor)
    filled = 0
    for district, step in missing_partners(template, districts):
        if DistrictPartner.objects.filter(
            template=template, district=district, partner_type=step.partner_type
        ).exists():
            continue
        candidates = list(
            Partner.objects.filter(
                organisation_id=template.organisation_id,
                partner_type=step.partner_type,
                districts=district,
                archived_at__isnull=True,
            )[:2]
        )
        if len(candidates) == 1:
            DistrictPartner.objects.create(
                template=template,
                district=district,
                partner_type=step.partner_type,
                partner=candidates[0],
            )
            filled += 1
    if filled:
        audit_log(actor=actor, action="chains.district_partner.filled", obj=template)
    return filled


# --- runs ---------------------------------------------------------------------------------


def condition_applies(condition: dict[str, Any] | None, context: dict[str, Any]) -> bool:
    """Does a step's condition hold for the subject? No condition: always."""
    if not condition:
        return True
    statuses = condition.get("residence_status_in")
    if statuses is not None and context.get("residence_status") not in statuses:
        return False
    abroad = condition.get("lives_abroad")
    return abroad is None or bool(context.get("lives_abroad")) == bool(abroad)


def person_context(person: Person) -> dict[str, Any]:
    sensitive = PersonSensitive.objects.filter(person=person).first()
    return {
        "residence_status": sensitive.residence_status if sensitive else "unknown",
        "lives_abroad": person.lives_abroad,
    }


@transaction.atomic
def run_start(
    *,
    actor: User,
    template: ChainTemplate,
    person: Person | None = None,
    company: Company | None = None,
    case: Case | None = None,
    language: str = "de",
    context: dict[str, Any] | None = None,
    started_on: datetime.date | None = None,
) -> ChainRun:
    """Start the chain for a person or company: the district variant comes from their
    address, conditional steps that do not apply are marked so, due dates follow the
    typical durations."""
    if not actor.can_write or actor.office is None:
        raise ValidationError(_("Only counsellors of an office can start a process chain."))
    if template.status != TemplateStatus.PUBLISHED:
        raise ValidationError(_("Only a published process chain can be started."))
    if template.organisation_id != actor.organisation_pk:
        raise ValidationError(_("This process chain belongs to another organisation."))
    if (person is None) == (company is None):
        raise ValidationError(_("A process chain is for one person or one company."))
    expected = Audience.PERSON if person is not None else Audience.COMPANY
    if template.audience != expected:
        raise ValidationError(_("This process chain is meant for another audience."))
    if person is not None and person.office_id != actor.office_id:
        raise ValidationError(
            _("Only staff of the owning office can start a chain for this person.")
        )
    subject: Any = person if person is not None else company
    if person is not None:
        context = {**person_context(person), **(context or {})}
    started_on = started_on or timezone.localdate()
    run = ChainRun.objects.create(
        template=template,
        office=actor.office,
        person=person,
        company=company,
        case=case,
        district=subject.district,
        language=language,
        context=context or {},
        counsellor=actor,
        started_on=started_on,
    )
    partners = {
        row.partner_type: row.partner
        for row in template.district_partners.filter(district=subject.district).select_related(
            "partner"
        )
    }
    due = started_on
    rows = []
    for step in template.steps.all():
        applies = condition_applies(step.condition, run.context)
        if applies and step.typical_duration_days:
            due = due + datetime.timedelta(days=step.typical_duration_days)
        rows.append(
            ChainRunStep(
                run=run,
                step=step,
                status=StepStatus.OPEN if applies else StepStatus.NOT_APPLICABLE,
                due_on=due if applies else None,
                partner=partners.get(step.partner_type),
            )
        )
    ChainRunStep.objects.bulk_create(rows)
    audit_log(actor=actor, action="chains.run.started", obj=run, office=run.office)
    return run


@transaction.atomic
def run_step_update(
    *,
    actor: User,
    run_step: ChainRunStep,
    status: str,
    due_on: datetime.date | None,
    notes: str,
) -> ChainRunStep:
    run = run_step.run
    if not actor.can_write or actor.office_id != run.office_id:
        raise ValidationError(_("Only staff of the office that runs this chain can change it."))
    run_step.status = status
    run_step.due_on = due_on
    run_step.notes = notes
    run_step.completed_at = timezone.now() if status == StepStatus.DONE else None
    run_step.save(update_fields=["status", "due_on", "notes", "completed_at"])
    audit_log(
        actor=actor,
        action="chains.run_step.updated",
        obj=run_step,
        office=run.office,
        changed_fields=["status", "due_on", "notes"],
    )
    return run_step
