"""The district variant of a chain: which partner of a type serves a district.

This is the network directory, not the versioned content, so it may change on a published
version (not on a retired one). Team leads configure it: every write calls
`require_configure(actor)` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.chains import audit_actions
from kausa.chains.models import ChainStep, ChainTemplate, DistrictPartner, TemplateStatus
from kausa.core.access import require_configure
from kausa.core.audit import audit_log
from kausa.core.models import District, User
from kausa.partners.models import Partner


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


def _require_changeable(template: ChainTemplate) -> None:
    if template.status == TemplateStatus.RETIRED:
        raise ValidationError(_("This version is retired."))


def _set_cell(
    template: ChainTemplate, district: District, partner_type: str, partner: Partner | None
) -> None:
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


@transaction.atomic
def district_partner_set(
    *,
    actor: User,
    template: ChainTemplate,
    district: District,
    partner_type: str,
    partner: Partner | None,
) -> None:
    """Name the partner of a type for one district (None: no partner)."""
    require_configure(actor)
    _require_changeable(template)
    _set_cell(template, district, partner_type, partner)
    audit_log(actor=actor, action=audit_actions.DISTRICT_PARTNER_SET, obj=template)


@transaction.atomic
def district_partners_save(
    *,
    actor: User,
    template: ChainTemplate,
    districts: Iterable[District],
    types: Iterable[str],
    cells: Mapping[str, str],
) -> int:
    """Save the submitted matrix: `cells` maps ``p-<district>-<type>`` to a partner id or "".

    All cells or none (one transaction); a cell not submitted stays as it is; unchanged cells
    are skipped. One audit entry for the whole save, and none if nothing changed. Returns the
    number of changed cells.
    """
    require_configure(actor)
    _require_changeable(template)
    partners = {p.pk: p for p in Partner.objects.filter(organisation_id=template.organisation_id)}
    assigned = {
        (row.district_id, row.partner_type): row.partner_id
        for row in DistrictPartner.objects.filter(template=template)
    }
    changed = 0
    kinds = list(types)
    for district in districts:
        for kind in kinds:
            raw = cells.get(f"p-{district.pk}-{kind}")
            if raw is None:
                continue
            partner = partners.get(int(raw)) if raw.isascii() and raw.isdigit() else None
            if raw and partner is None:
                raise ValidationError(_("Unknown partner."))
            if (partner.pk if partner else None) == assigned.get((district.pk, kind)):
                continue
            _set_cell(template, district, kind, partner)
            changed += 1
    if changed:
        audit_log(actor=actor, action=audit_actions.DISTRICT_PARTNER_SET, obj=template)
    return changed


@transaction.atomic
def district_partners_fill(
    *, actor: User, template: ChainTemplate, districts: Iterable[District]
) -> int:
    """Fill gaps from the network directory where exactly one active partner of the type
    serves the district; the others stay flagged."""
    require_configure(actor)
    _require_changeable(template)
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
        audit_log(actor=actor, action=audit_actions.DISTRICT_PARTNERS_FILLED, obj=template)
    return filled
