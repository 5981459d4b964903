"""The team lead's figures per office as small bar charts (server-drawn SVG, the report's
chart template): the table beside them stays the text alternative."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kausa.reports.charts import Chart, labelled_bar_chart
from kausa.reports.suppression import Cell
from kausa.workbench.selectors import OfficeFigures


def figure_charts(figures: list[OfficeFigures]) -> list[Chart]:
    if not figures:
        return []
    labels = [figure.office.name for figure in figures]
    office = _("office")
    measures = (
        ("open-cases", _("Open cases"), [figure.open_cases for figure in figures]),
        (
            "new-cases-quarter",
            _("New cases this quarter"),
            [figure.new_cases_quarter for figure in figures],
        ),
        (
            "contracts-year",
            _("Contracts signed this year"),
            [figure.contracts_year for figure in figures],
        ),
    )
    return [
        labelled_bar_chart(
            key=f"dashboard-{key}",
            title=title,
            what=title,
            per=office,
            labels=labels,
            values=[Cell(str(value), value) for value in values],
        )
        for key, title, values in measures
    ]
