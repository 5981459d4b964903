"""Audit codes of counselling (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

CASE = "counselling.case"
CASE_OPENED = register("counselling.case.opened", _("Case opened"), CASE)
CASE_STAGE_CHANGED = register("counselling.case.stage_changed", _("Case stage changed"), CASE)
CASE_CLOSED = register("counselling.case.closed", _("Case closed"), CASE)
CASE_REOPENED = register("counselling.case.reopened", _("Case reopened"), CASE)
CASE_HANDED_OVER = register("counselling.case.handed_over", _("Case handed over"), CASE)
SESSION_RECORDED = register(
    "counselling.session.recorded",
    _("Counselling session recorded"),
    "counselling.counsellingsession",
)
NEXT_STEP_ADDED = register(
    "counselling.next_step.added", _("Next step added"), "counselling.nextstep"
)
NEXT_STEP_COMPLETED = register(
    "counselling.next_step.completed", _("Next step done"), "counselling.nextstep"
)
NEXT_STEP_REOPENED = register(
    "counselling.next_step.reopened", _("Next step reopened"), "counselling.nextstep"
)
CONSENT = "counselling.consent"
CONSENT_RECORDED = register("counselling.consent.recorded", _("Consent recorded"), CONSENT)
CONSENT_WITHDRAWN = register("counselling.consent.withdrawn", _("Consent withdrawn"), CONSENT)
REFERRAL = "counselling.referral"
REFERRAL_CREATED = register("counselling.referral.created", _("Referral made"), REFERRAL)
REFERRAL_CONSENT_OVERRIDDEN = register(
    "counselling.referral.consent_overridden",
    _("Referral without consent (reason given)"),
    REFERRAL,
)
REFERRAL_STATUS_CHANGED = register(
    "counselling.referral.status_changed", _("Referral status changed"), REFERRAL
)
REFERRAL_EMAILED = register("counselling.referral.emailed", _("Referral emailed"), REFERRAL)
REFERRAL_HANDOUT_PRINTED = register(
    "counselling.referral.handout_printed", _("Referral hand-out printed"), REFERRAL
)
FOLLOWUP_PLANNED = register("counselling.followup.planned", _("Follow-up contacts planned"), CASE)
FOLLOWUP_CONTACT_DONE = register(
    "counselling.followup.contact_done",
    _("Follow-up contact done"),
    "counselling.followupcontact",
)
FOLLOWUP_WARNING_RECORDED = register(
    "counselling.followup.warning_recorded",
    _("Warning sign recorded"),
    "counselling.followupwarning",
)
FOLLOWUP_OUTCOME_RECORDED = register(
    "counselling.followup.outcome_recorded",
    _("Training outcome recorded"),
    "counselling.followupoutcome",
)
FOLLOWUP_PLAN_UPDATED = register(
    "counselling.followup.plan_updated",
    _("Follow-up plan changed"),
    "counselling.followupplan",
)
