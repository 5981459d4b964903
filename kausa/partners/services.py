"""Writes of network partners. Each is one transaction and leaves an audit entry.

Partners are shared by the offices of an organisation: every service checks first that the
actor is a writing member of it (`require_write`); topics are organisation settings
(`require_configure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from kausa.core.access import WriteDenied, require_configure, require_write
from kausa.core.audit import audit_log
from kausa.core.geo import location_for_postal_code
from kausa.core.models import District, Organisation, User
from kausa.core.search import normalize
from kausa.core.services import contacts_replace, model_update
from kausa.partners import audit_actions
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


def _derive(partner: Partner) -> None:
    # Only the place name: partners are found by the districts they serve, not by distance.
    if partner.postal_code:
        partner.place = location_for_postal_code(partner.postal_code, partner.place).place
    partner.search_text = normalize(partner.name)


def _apply_fields(partner: Partner, data: dict[str, Any]) -> list[str]:
    return model_update(partner, fields=PARTNER_FIELDS, data=data, derived=lambda: _derive(partner))


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
    actor: User,
    organisation: Organisation,
    data: dict[str, Any],
    districts: Sequence[District],
    topics: Sequence[Topic] = (),
    contacts: Sequence[dict[str, str]] = (),
) -> Partner:
    """Add a partner to the directory of `organisation`; only its writing members may."""
    if not actor.can_write_shared(organisation.pk):
        raise WriteDenied
    if not districts:
        raise ValueError("a partner serves at least one district")
    partner = Partner(organisation=organisation)
    _apply_fields(partner, data)
    partner.full_clean(exclude=["search_text"])
    partner.save()
    _set_relations(partner, districts, topics)
    contacts_replace(partner.contacts, contacts)
    audit_log(actor=actor, action=audit_actions.CREATED, obj=partner)
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
    """Change a partner of the actor's organisation (`WriteDenied` otherwise)."""
    require_write(actor, partner)
    if districts is not None and not districts:
        raise ValueError("a partner serves at least one district")
    changed = _apply_fields(partner, data)
    partner.full_clean(exclude=["search_text"])
    partner.save()
    changed += _set_relations(partner, districts, topics)
    if contacts is not None and contacts_replace(partner.contacts, contacts):
        changed.append("contacts")
    if changed:
        audit_log(actor=actor, action=audit_actions.UPDATED, obj=partner, changed_fields=changed)
    return partner


@transaction.atomic
def topic_create(*, actor: User, name: str) -> Topic:
    """Add a counselling topic (used for sessions, referrals and the partner directory);
    an organisation setting, so team leads and administrators only."""
    require_configure(actor)
    topic = Topic.objects.create(code=slugify(name)[:50], name=name)
    audit_log(actor=actor, action=audit_actions.TOPIC_CREATED, obj=topic)
    return topic
