"""Bar charts of report tables, drawn as SVG by the server (`reports/_chart_svg.html`).

Only geometry is computed here; the template writes the SVG with Django's escaping. No
scripts, no inline styles (colours are SVG presentation attributes), so the CSP holds. Each
chart has a title and a description that reads out every bar, and the page puts the table
beside it. Suppressed values get no bar, only their mark. Numbers are handed over as
strings so that no locale puts a decimal comma into an SVG attribute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kausa.reports.exports import body_rows, header_row, is_protected
from kausa.reports.suppression import Cell, DisplayedTable
from kausa.reports.tables import ReportTable

LABEL_WIDTH = 210
BAR_AREA = 330
VALUE_WIDTH = 70
ROW_HEIGHT = 26
BAR_HEIGHT = 18
MARGIN = 6
MAX_BARS = 25
MAX_LABEL = 30
BAR_COLOUR = "#1f5f99"


@dataclass(frozen=True)
class Bar:
    label: str  # possibly shortened; the table beside the chart has the full label
    text: str  # the value as shown ("12", "< 5", "x")
    y: str
    width: str
    text_x: str
    text_y: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: str
    height: str
    label_width: str
    bar_height: str
    colour: str
    bars: list[Bar]


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def row_values(shown: DisplayedTable) -> list[Cell]:
    """What a bar shows per row: the row total, else the only (or first) column."""
    if shown.row_totals:
        return shown.row_totals
    return [row[0] if row else Cell("0", 0) for row in shown.rows]


def chart_id(key: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-") or "chart"


def bar_chart(shown: DisplayedTable) -> Chart:
    table = shown.table
    what = _("Total") if shown.row_totals else (table.column_labels[:1] or [""])[0]
    return labelled_bar_chart(
        key=table.key,
        title=table.title,
        what=what,
        per=table.row_header,
        labels=table.row_labels,
        values=row_values(shown),
    )


def labelled_bar_chart(
    *, key: str, title: str, what: str, per: str, labels: list[str], values: list[Cell]
) -> Chart:
    """A horizontal bar per label; `what` per `per` names the figure in the description."""
    labels = labels[:MAX_BARS]
    values = values[:MAX_BARS]
    largest = max((cell.value or 0 for cell in values), default=0) or 1
    bars = []
    for index, (label, cell) in enumerate(zip(labels, values, strict=False)):
        top = MARGIN + index * ROW_HEIGHT
        width = round((cell.value or 0) / largest * BAR_AREA)
        bars.append(
            Bar(
                label=_shorten(label),
                text=cell.text,
                y=str(top),
                width=str(width),
                text_x=str(LABEL_WIDTH + width + 6),
                text_y=str(top + BAR_HEIGHT - 4),
            )
        )
    readout = "; ".join(
        f"{label}: {cell.text}" for label, cell in zip(labels, values, strict=False)
    )
    description = _("Bar chart, %(what)s per %(rows)s: %(values)s") % {
        "what": what,
        "rows": per,
        "values": readout or "–",
    }
    return Chart(
        id=chart_id(key),
        title=title,
        description=description,
        width=str(LABEL_WIDTH + BAR_AREA + VALUE_WIDTH),
        height=str(2 * MARGIN + max(len(bars), 1) * ROW_HEIGHT),
        label_width=str(LABEL_WIDTH),
        bar_height=str(BAR_HEIGHT),
        colour=BAR_COLOUR,
        bars=bars,
    )


@dataclass(frozen=True)
class Section:
    """A table as the page shows it: headings, rows of cells, and its chart beside it."""

    table: ReportTable
    headings: list[str]
    body: list[list[str | Cell]]
    chart: Chart
    protected: bool


def sections(tables: list[DisplayedTable]) -> list[Section]:
    return [
        Section(
            table=shown.table,
            headings=header_row(shown),
            body=body_rows(shown),
            chart=bar_chart(shown),
            protected=is_protected(shown.table),
        )
        for shown in tables
    ]
