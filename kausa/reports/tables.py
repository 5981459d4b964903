"""The shape every indicator table has, shared by the indicator queries, small-cell
suppression, the exports and the charts. Pure Python: no Django import."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Period:
    """A reporting period, both days included."""

    start: datetime.date
    end: datetime.date
    label: str


@dataclass(frozen=True)
class ReportTable:
    """Counts by row and column. `person_counts` marks tables whose cells count people (or
    companies), which small-cell suppression protects; counts of events or sessions are not.
    `row_totals`/`column_totals` say whether the table shows them (suppression must then also
    protect against recomputing a hidden cell from a total)."""

    key: str  # stable identifier, e.g. "people.stage_transitions"
    title: str  # translated title
    row_header: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[int]]  # cells[row][column]
    person_counts: bool = True
    row_totals: bool = True
    column_totals: bool = True
    definition: str = ""  # one sentence: what is counted, from which records, which date decides
    # Breakdowns by protected attributes (age, background, residence, German level, district):
    # only team leads and administrators see them.
    protected: bool = False


@dataclass(frozen=True)
class Report:
    organisation_name: str
    scope_label: str  # e.g. "KAUSA Magdeburg" or "alle Standorte"
    period: Period
    generated_at: datetime.datetime
    tables: list[ReportTable] = field(default_factory=list)
