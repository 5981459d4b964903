"""Audit codes of process chains (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

TEMPLATE = "chains.chaintemplate"
TEMPLATE_VERSIONED = register(
    "chains.template.versioned", _("Chain: new version drafted"), TEMPLATE
)
TEMPLATE_UPDATED = register("chains.template.updated", _("Chain changed"), TEMPLATE)
TEMPLATE_PUBLISHED = register("chains.template.published", _("Chain published"), TEMPLATE)
STEP_SAVED = register("chains.step.saved", _("Chain step saved"), "chains.chainstep")
STEP_DELETED = register("chains.step.deleted", _("Chain step deleted"), "chains.chainstep")
STEP_CHECKED = register(
    "chains.step.checked", _("Chain step checked against its sources"), "chains.chainstep"
)
STEP_MOVED = register("chains.step.moved", _("Chain step moved"), "chains.chainstep")
DISTRICT_PARTNER_SET = register(
    "chains.district_partner.set", _("Chain: district partner set"), TEMPLATE
)
DISTRICT_PARTNERS_FILLED = register(
    "chains.district_partner.filled",
    _("Chain: district partners filled from the directory"),
    TEMPLATE,
)
RUN = "chains.chainrun"
RUN_STARTED = register("chains.run.started", _("Chain started"), RUN)
RUN_LANGUAGE_CHANGED = register(
    "chains.run.language_changed", _("Chain: hand-out language changed"), RUN
)
RUN_HANDOUT_PRINTED = register("chains.run.handout_printed", _("Chain hand-out printed"), RUN)
RUN_STEP_UPDATED = register(
    "chains.run_step.updated", _("Chain step updated"), "chains.chainrunstep"
)
RUN_STEP_COMPLETED = register(
    "chains.run_step.completed", _("Chain step done"), "chains.chainrunstep"
)
RUN_STEP_REOPENED = register(
    "chains.run_step.reopened", _("Chain step reopened"), "chains.chainrunstep"
)
