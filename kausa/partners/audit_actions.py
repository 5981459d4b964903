"""Audit codes of network partners and topics (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PARTNER = "partners.partner"
CREATED = register("partners.partner.created", _("Partner added"), PARTNER)
UPDATED = register("partners.partner.updated", _("Partner changed"), PARTNER)
ARCHIVED = register("partners.partner.archived", _("Partner archived"), PARTNER)
RESTORED = register("partners.partner.restored", _("Partner restored"), PARTNER)
TOPIC_CREATED = register("partners.topic.created", _("Topic added"), "partners.topic")
