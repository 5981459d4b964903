"""The follow-up section of the case page: its records and forms, read for a case that
passed the chokepoint in the case view."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from kausa.counselling.followup_forms import (
    FollowUpOutcomeForm,
    FollowUpStartForm,
    FollowUpWarningForm,
)
from kausa.counselling.followup_selectors import followup_section
from kausa.counselling.models import Case

register = template.Library()


@register.simple_tag
def followup_for(case: Case) -> dict[str, Any] | None:
    """The section's records and empty forms, or None when the case has no follow-up."""
    section = followup_section(case)
    if section is None:
        return None
    today = timezone.localdate()
    outcome = section.outcome
    outcome_initial: dict[str, Any] = {"outcome_on": today}
    if outcome is not None:
        outcome_initial = {
            "outcome": outcome.outcome,
            "outcome_on": outcome.outcome_on,
            "dropout_prevented": outcome.dropout_prevented,
        }
    return {
        "section": section,
        "today": today,
        "start_form": FollowUpStartForm(initial={"started_on": today}),
        "warning_form": FollowUpWarningForm(initial={"noted_on": today}),
        "outcome_form": FollowUpOutcomeForm(initial=outcome_initial),
    }
