"""Writes of network partners. Each is one transaction and leaves an audit entry."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from kausa.core.audit import audit_log, changed_since, field_values
from kausa.core.geo import location_for_postal_code
from kausa.core.models import District, Organisation, User
from kausa.core.search import normalize
from kausa.core.services import contacts_replace
from kausa.partners.models import Partner, Topic

PARTNER_FIELDS = (
    "name",
    "partner_type",
    "street",
    "postal_code",
    "place",
    "email",
    "phone",
    "website",
)


def _apply_fields(partner: Partner, data: dict[str, Any]) -> None:
    for name in PARTNER_FIELDS:
        if name in data:
            setattr(partner, name, data[name])
    if partner.postal_code:
        partner.place = location_for_postal_code(partner.postal_code, partner.place).place
    partner.search_text = normalize(partner.name)


def _set_relations(
    partner: Partner, districts: Sequence[District] | None, topics: Sequence[Topic] | None
) -> list[str]:
    changed = []
    if districts is not None:
        district_keys = set(partner.districts.values_list("pk", flat=True))
        if district_keys != {district.pk for district in districts}:
            partner.districts.set(districts)
            changed.append("districts")
    if topics is not None:
        topic_ids = set(partner.topics.values_list("pk", flat=True))
        if topic_ids != {topic.pk for topic in topics}:
            partner.topics.set(topics)
            changed.append("topics")
    return changed


@transaction.atomic
def partner_create(
    *,
    actor: User | None,
    organisation: Organisation,
    data: dict[str, Any],
    districts: Sequence[District],
    topics: Sequence[Topic] = (),
    contacts: Sequence[dict[str, str]] = (),
) -> Partner:
    if not districts:
        raise ValueError("a partner serves at least one district")
    partner = Partner(organisation=organisation)
    _apply_fields(partner, data)
    partner.full_clean(exclude=["search_text"])
    partner.save()
    _set_relations(partner, districts, topics)
    contacts_replace(partner.contacts, contacts)
    audit_log(actor=actor, action="partners.partner.created", obj=partner)
    return partner


@transaction.atomic
def partner_update(
    *,
    actor: User,
    partner: Partner,
    data: dict[str, Any],
    districts: Sequence[District] | None = None,
    topics: Sequence[Topic] | None = None,
    contacts: Sequence[dict[str, str]] | None = None,
) -> Partner:
    if districts is not None and not districts:
        raise ValueError("a partner serves at least one district")
    before = field_values(partner, PARTNER_FIELDS)
    _apply_fields(partner, data)
    changed = changed_since(partner, before)
    partner.full_clean(exclude=["search_text"])
    partner.save()
    changed += _set_relations(partner, districts, topics)
    if contacts is not None and contacts_replace(partner.contacts, contacts):
        changed.append("contacts")
    if changed:
        audit_log(
            actor=actor, action="partners.partner.updated", obj=partner, changed_fields=changed
        )
    return partner


@transaction.atomic
def topic_create(*, actor: User, name: str) -> Topic:
    """Add a counselling topic (used for sessions, referrals and the partner directory)."""
    topic = Topic.objects.create(code=slugify(name)[:50], name=name)
    audit_log(actor=actor, action="partners.topic.created", obj=topic)
    return topic
