"""Follow-up during training (Ausbildungsbegleitung): people in training, contacts held,
warning signs and outcomes, per office, from `kausa.counselling.followup_selectors`.

The dates that decide: a contact's done date, a sign's noted date, an outcome's date; people
in training are those in training at some time in the period.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from kausa.counselling.followup_selectors import (
    OUTCOME_COUNTS,
    cases_in_training,
    contacts_done_in,
    outcomes_recorded_in,
    warnings_noted_in,
)
from kausa.counselling.models import Case
from kausa.reports.indicators_scope import Scope, columns_by_office, grid
from kausa.reports.tables import ReportTable

Counts = dict[tuple[Any, Any], int]
COLUMNS = (
    "people_in_training",
    "contacts_done",
    "warnings",
    "people_with_warnings",
    "dropouts_prevented",
    "dropouts",
    "company_changes",
)


def followup_table(scope: Scope) -> ReportTable:
    """Four grouped queries for all offices (the definitions are the follow-up selectors')."""
    cases = scope.filter(Case.objects.filter(person__isnull=False))
    period = scope.period
    counts: Counts = {}
    in_training = cases_in_training(cases, period).values("office_id")
    counts |= columns_by_office(
        in_training.annotate(people_in_training=Count("person_id", distinct=True)).order_by(),
        "office_id",
        ["people_in_training"],
    )
    contacts = contacts_done_in(cases, period).values("case__office_id")
    counts |= columns_by_office(
        contacts.annotate(contacts_done=Count("id")).order_by(),
        "case__office_id",
        ["contacts_done"],
    )
    warnings = warnings_noted_in(cases, period).values("case__office_id")
    counts |= columns_by_office(
        warnings.annotate(
            warnings=Count("id"), people_with_warnings=Count("case__person_id", distinct=True)
        ).order_by(),
        "case__office_id",
        ["warnings", "people_with_warnings"],
    )
    outcomes = outcomes_recorded_in(cases, period).values("case__office_id")
    counts |= columns_by_office(
        outcomes.annotate(**OUTCOME_COUNTS).order_by(), "case__office_id", list(OUTCOME_COUNTS)
    )
    labels = {
        "people_in_training": _("people in training"),
        "contacts_done": _("follow-up contacts held"),
        "warnings": _("warning signs noted"),
        "people_with_warnings": _("people with warning signs"),
        "dropouts_prevented": _("drop-outs prevented"),
        "dropouts": _("training ended early"),
        "company_changes": _("changed the training company"),
    }
    rows, columns, cells = grid(counts, scope.office_rows, [(key, labels[key]) for key in COLUMNS])
    return ReportTable(
        key="followup.during_training",
        title=_("Follow-up during training"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=columns,
        cells=cells,
        row_totals=False,
        definition=_(
            "People whose case reached 'training started' and who were in training during the "
            "period; follow-up contacts held (done date), warning signs noted (date noted) and "
            "the people they concern, and outcomes recorded (outcome date): drop-out prevented, "
            "training ended early, changed the training company."
        ),
    )
