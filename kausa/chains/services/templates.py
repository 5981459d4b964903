"""Writes of chain templates: the shipped seeds, versions, steps, publishing.

Templates are organisation settings: every function that changes one calls
`require_configure(actor)` first (team leads and administrators), because views, commands
and the demo loader all reach it. Published versions are immutable.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.chains import audit_actions
from kausa.chains.models import (
    ChainStep,
    ChainTemplate,
    DistrictPartner,
    Responsible,
    TemplateStatus,
)
from kausa.chains.translations import (
    STEP_TEXT_FIELDS,
    TEMPLATE_TEXT_FIELDS,
    stamp_all,
    stamp_translations,
)
from kausa.core.access import require_configure
from kausa.core.audit import audit_log
from kausa.core.models import Organisation, User
from kausa.core.services import model_update

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
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
    "checked_note",
    "checked_by",
)


def _require_draft(template: ChainTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError(
            _("A published version cannot be changed. Create a new version to edit it.")
        )


# --- seeds --------------------------------------------------------------------------------


def _texts_by_language(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Seed files hold one mapping per text (``{"title": {"de": …}}``); models one per language."""
    texts: dict[str, dict[str, Any]] = {}
    for name in names:
        for language, value in data.get(name, {}).items():
            texts.setdefault(language, {})[name] = value
    return texts


def step_from_seed(template: ChainTemplate, position: int, data: dict[str, Any]) -> ChainStep:
    """An unsaved step of `template` from one step of a seed file."""
    return ChainStep(
        template=template,
        position=position,
        key=data["key"],
        texts=stamp_all(_texts_by_language(data, STEP_TEXT_FIELDS), STEP_TEXT_FIELDS),
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
    """Create the researched templates shipped in ``seed/`` that the organisation lacks.
    Set-up code (demo loader, installation), not a user action: no actor, no audit entry."""
    created = 0
    for path in sorted(SEED_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if ChainTemplate.objects.filter(organisation=organisation, key=data["key"]).exists():
            continue
        template = ChainTemplate.objects.create(
            organisation=organisation,
            key=data["key"],
            audience=data["audience"],
            status=TemplateStatus.PUBLISHED,
            valid_from=datetime.date.fromisoformat(data["valid_from"]),
            texts=stamp_all(_texts_by_language(data, TEMPLATE_TEXT_FIELDS), TEMPLATE_TEXT_FIELDS),
            published_at=timezone.now(),
        )
        ChainStep.objects.bulk_create(
            [step_from_seed(template, index, step) for index, step in enumerate(data["steps"], 1)]
        )
        created += 1
    return created


# --- versions -----------------------------------------------------------------------------


@transaction.atomic
def chain_template_new_version(*, actor: User, template: ChainTemplate) -> ChainTemplate:
    """A draft copy of the template (steps and district partners), numbered next."""
    require_configure(actor)
    versions = ChainTemplate.objects.filter(organisation=template.organisation, key=template.key)
    if versions.filter(status=TemplateStatus.DRAFT).exists():
        raise ValidationError(_("There is already a draft of this process chain."))
    latest = versions.aggregate(latest=Max("version"))["latest"]
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
    audit_log(actor=actor, action=audit_actions.TEMPLATE_VERSIONED, obj=copy)
    return copy


@transaction.atomic
def chain_template_update(
    *,
    actor: User,
    template: ChainTemplate,
    texts: dict[str, dict[str, str]],
    valid_from: datetime.date,
    confirmed_languages: Collection[str] = (),
) -> ChainTemplate:
    """Change the title, summary and start of validity of a draft. A translation that was
    changed, or confirmed in `confirmed_languages`, counts as made from the current German."""
    require_configure(actor)
    _require_draft(template)
    if not texts.get("de", {}).get("title"):
        raise ValidationError({"title_de": _("The German title is required.")})
    changed = model_update(
        template,
        fields=("texts", "valid_from"),
        data={
            "texts": stamp_translations(
                template.texts, texts, TEMPLATE_TEXT_FIELDS, confirmed_languages
            ),
            "valid_from": valid_from,
        },
    )
    if changed:
        template.save(update_fields=changed)
        audit_log(
            actor=actor,
            action=audit_actions.TEMPLATE_UPDATED,
            obj=template,
            changed_fields=changed,
        )
    return template


@transaction.atomic
def chain_template_publish(*, actor: User, template: ChainTemplate) -> ChainTemplate:
    """Publish a draft; the version published before it is retired (its runs continue)."""
    require_configure(actor)
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
    audit_log(actor=actor, action=audit_actions.TEMPLATE_PUBLISHED, obj=template)
    return template


# --- steps of a draft ---------------------------------------------------------------------


@transaction.atomic
def chain_step_save(
    *,
    actor: User,
    template: ChainTemplate,
    step: ChainStep | None,
    key: str,
    data: dict[str, Any],
    confirmed_languages: Collection[str] = (),
) -> ChainStep:
    """Create or change a step of a draft. A translation that was changed, or confirmed in
    `confirmed_languages`, counts as made from the current German text."""
    require_configure(actor)
    _require_draft(template)
    if data["responsible"] == Responsible.PARTNER and not data.get("partner_type"):
        raise ValidationError({"partner_type": _("Choose the type of partner responsible.")})
    if data["responsible"] != Responsible.PARTNER:
        data = {**data, "partner_type": ""}
    duplicate = template.steps.filter(key=key)
    if step is not None:
        duplicate = duplicate.exclude(pk=step.pk)
    if duplicate.exists():
        raise ValidationError({"key": _("Another step of this chain has this key.")})
    if step is None:
        position = (template.steps.aggregate(last=Max("position"))["last"] or 0) + 1
        step = ChainStep(template=template, position=position)
    if "texts" in data:
        old_texts = step.texts if step.pk else {}
        texts = stamp_translations(old_texts, data["texts"], STEP_TEXT_FIELDS, confirmed_languages)
        data = {**data, "texts": texts}
    changed = model_update(step, fields=("key", *STEP_FIELDS), data={**data, "key": key})
    step.save()
    audit_log(actor=actor, action=audit_actions.STEP_SAVED, obj=step, changed_fields=changed)
    return step


@transaction.atomic
def chain_step_delete(*, actor: User, step: ChainStep) -> None:
    require_configure(actor)
    _require_draft(step.template)
    audit_log(actor=actor, action=audit_actions.STEP_DELETED, obj=step)
    step.delete()


@transaction.atomic
def chain_step_move(*, actor: User, step: ChainStep, up: bool) -> None:
    """Swap the step with its neighbour above (`up`) or below; at an end nothing happens."""
    require_configure(actor)
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
    audit_log(actor=actor, action=audit_actions.STEP_MOVED, obj=step)
