"""Forms of follow-up during training. They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.forms import DateInput
from kausa.counselling.models import (
    Case,
    FollowUpContact,
    FollowUpPlan,
    TrainingOutcome,
    WarningSign,
)
from kausa.counselling.services.followup import PLAN_LIMITS


class FollowUpStartForm(forms.Form):
    started_on = forms.DateField(label=_("Training started on"), widget=DateInput())


class FollowUpContactDoneForm(forms.Form):
    contact = forms.ModelChoiceField(label=_("Contact"), queryset=FollowUpContact.objects.none())
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["contact"]
        assert isinstance(field, forms.ModelChoiceField)
        # Only the open contacts of this case: an id of another case is a form error.
        field.queryset = case.followup_contacts.filter(done_on__isnull=True)
        field.error_messages["invalid_choice"] = _("This contact is not open on this case.")
        field.error_messages["required"] = _("Please choose a contact.")


class FollowUpWarningForm(forms.Form):
    sign = forms.ChoiceField(label=_("Warning sign"), choices=WarningSign.choices)
    noted_on = forms.DateField(label=_("Noted on"), widget=DateInput())


class FollowUpOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=TrainingOutcome.choices)
    outcome_on = forms.DateField(label=_("As of"), widget=DateInput())
    dropout_prevented = forms.BooleanField(
        label=_("Drop-out prevented"),
        required=False,
        help_text=_("Only when warning signs were recorded and the training goes on."),
    )


class FollowUpPlanForm(forms.Form):
    """The offsets of an office's follow-up contacts, each within its limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, (lowest, highest) in PLAN_LIMITS.items():
            column = FollowUpPlan._meta.get_field(name)
            assert isinstance(column, models.Field)
            self.fields[name] = forms.IntegerField(
                label=column.verbose_name,
                min_value=lowest,
                max_value=highest,
            )
