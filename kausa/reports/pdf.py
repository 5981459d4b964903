"""The funder's report as a PDF summary (A4 portrait): what the report covers, then per table
its title, a horizontal bar chart, the table and its definition, and closing notes.

It shows exactly what the page and the xlsx show: the tables after small-cell suppression
(`exports.displayed_tables`), the chart values of `charts.bar_chart`. A suppressed value gets
a hatched bar of a fixed width with its mark ("< 5", "x"), never a bar of its size. Fonts are
the DejaVu Sans that the process chain hand-outs ship.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from kausa.chains.handout_pdf import FONTS
from kausa.reports.charts import BAR_AREA as SVG_BAR_AREA
from kausa.reports.charts import Chart, bar_chart, row_values
from kausa.reports.exports import body_rows, facts, header_row, is_protected, suppression_rule
from kausa.reports.suppression import Cell, DisplayedTable
from kausa.reports.tables import Report

PDF_CONTENT_TYPE = "application/pdf"
FONT = "DejaVu"
MARGIN = 15
FOOTER_ROOM = 12
CONTENT_WIDTH = 210 - 2 * MARGIN
CHART_LABEL_WIDTH = 58
CHART_VALUE_WIDTH = 22
CHART_BAR_AREA = CONTENT_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
CHART_ROW_HEIGHT = 6.0
CHART_BAR_HEIGHT = 4.2
HIDDEN_BAR_WIDTH = 8.0  # the same for every suppressed value: it says "hidden", not how many
HATCH_STEP = 1.2
BAR_RGB = (31, 95, 153)  # charts.BAR_COLOUR
HEADING_FILL = (228, 235, 243)
GREY = 90
MAX_FOOTER = 90


class ReportPDF(FPDF):
    """A4 portrait with DejaVu Sans and a footer: scope, period, date made, "Seite x von y"."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN + FOOTER_ROOM)
        self.footer_text = footer_text
        # Translated now: the footer is drawn while later pages are laid out.
        self.page_label = _("Page %(number)s of %(total)s")

    def footer(self) -> None:
        self.set_y(-(MARGIN + FOOTER_ROOM / 2))
        self.set_font(FONT, "", 7.5)
        self.set_text_color(GREY)
        self.cell(CONTENT_WIDTH * 0.75, 5, self.footer_text, align="L")
        page = self.page_label % {"number": self.page_no(), "total": self.str_alias_nb_pages}
        self.cell(CONTENT_WIDTH * 0.25, 5, page, align="R")
        self.set_text_color(0)

    def heading(self, text: str, size: float) -> None:
        self.set_font(FONT, "B", size)
        self.multi_cell(
            CONTENT_WIDTH, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(1.5)

    def paragraph(self, text: str, size: float = 8.5) -> None:
        self.set_font(FONT, "", size)
        self.multi_cell(
            CONTENT_WIDTH, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.ln(1.5)

    def keep_room(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()


def footer_line(report: Report) -> str:
    created = timezone.localtime(report.generated_at).strftime("%d.%m.%Y")
    label = _("Created")
    line = f"{report.scope_label} · {report.period.label} · {label} {created}"
    return line if len(line) <= MAX_FOOTER else line[: MAX_FOOTER - 1] + "…"


def report_pdf(report: Report, tables: list[DisplayedTable], threshold: int) -> bytes:
    pdf = ReportPDF(footer_line(report))
    title = _("Report for the funder") + ": " + report.organisation_name
    pdf.set_title(title)
    pdf.set_lang(translation.get_language() or "de")
    pdf.set_creator("KAUSA Hub")
    pdf.add_page()
    pdf.heading(title, 15)
    _facts(pdf, report, threshold)
    for shown in tables:
        _section(pdf, shown)
    _notes(pdf, tables, threshold)
    return bytes(pdf.output())


def _facts(pdf: ReportPDF, report: Report, threshold: int) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        width=CONTENT_WIDTH,
        col_widths=(45, CONTENT_WIDTH - 45),
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align="LEFT",
        line_height=4.5,
        padding=(0.8, 1, 0.8, 0),
    ) as grid:
        bold = FontFace(emphasis="BOLD")
        for label, value in facts(report, threshold):
            row = grid.row()
            row.cell(label, style=bold)
            row.cell(value)
    pdf.ln(8)


def _section(pdf: ReportPDF, shown: DisplayedTable) -> None:
    table = shown.table
    chart = bar_chart(shown)
    pdf.keep_room(20 + len(chart.bars) * CHART_ROW_HEIGHT)
    pdf.heading(table.title, 12)
    if is_protected(table):
        pdf.paragraph(
            _(
                "Breakdown by protected attributes: aggregate only, for team leads and "
                "administrators."
            ),
            size=8,
        )
    _chart(pdf, shown, chart)
    pdf.ln(3)
    _table(pdf, shown)
    if table.definition:
        pdf.ln(1.5)
        pdf.paragraph(_("Definition") + ": " + table.definition, size=8)
    pdf.ln(6)


def _chart(pdf: ReportPDF, shown: DisplayedTable, chart: Chart) -> None:
    """The bars of `charts.bar_chart`, scaled from the SVG's bar area to the page's."""
    cells = row_values(shown)[: len(chart.bars)]
    top = pdf.get_y()
    pdf.set_font(FONT, "", 8)
    for index, (bar, cell) in enumerate(zip(chart.bars, cells, strict=True)):
        y = top + index * CHART_ROW_HEIGHT
        x = MARGIN + CHART_LABEL_WIDTH
        pdf.set_xy(MARGIN, y)
        pdf.cell(CHART_LABEL_WIDTH - 2, CHART_BAR_HEIGHT, bar.label, align="R")
        width = _bar(pdf, x, y, int(bar.width), cell)
        pdf.set_xy(x + width + 1.5, y)
        pdf.cell(CHART_VALUE_WIDTH, CHART_BAR_HEIGHT, bar.text)
    pdf.set_xy(MARGIN, top + len(chart.bars) * CHART_ROW_HEIGHT)


def _bar(pdf: ReportPDF, x: float, y: float, svg_width: int, cell: Cell) -> float:
    """Draw one bar; returns its width in mm."""
    if cell.suppressed:
        _hatched(pdf, x, y, HIDDEN_BAR_WIDTH, CHART_BAR_HEIGHT)
        return HIDDEN_BAR_WIDTH
    width = svg_width / SVG_BAR_AREA * CHART_BAR_AREA
    if width > 0:
        pdf.set_fill_color(*BAR_RGB)
        pdf.rect(x, y, width, CHART_BAR_HEIGHT, style="F")
        pdf.set_fill_color(255)  # tables fill their cells with the current colour
    return width


def _hatched(pdf: ReportPDF, x: float, y: float, width: float, height: float) -> None:
    pdf.set_draw_color(*BAR_RGB)
    pdf.set_line_width(0.2)
    with pdf.rect_clip(x, y, width, height):
        offset = -height
        while offset < width:
            pdf.line(x + offset, y + height, x + offset + height, y)
            offset += HATCH_STEP
    pdf.rect(x, y, width, height, style="D")
    pdf.set_draw_color(0)


def _table(pdf: ReportPDF, shown: DisplayedTable) -> None:
    """Header row and rows; fpdf2 repeats the header on every page the table runs onto."""
    headings = header_row(shown)
    numbers = len(headings) - 1
    # Wide tables get a smaller font and a narrower label column, so headings need not split.
    size, first = (8.5, 62.0) if numbers <= 4 else (7.5, 50.0) if numbers <= 6 else (6.5, 34.0)
    first = first if numbers else CONTENT_WIDTH
    heading_size = 6.0 if numbers > 6 else size
    widths = (first, *[(CONTENT_WIDTH - first) / numbers] * numbers) if numbers else (first,)
    body = body_rows(shown)
    pdf.set_font(FONT, "", size)
    with pdf.table(
        width=CONTENT_WIDTH,
        col_widths=widths,
        text_align=("LEFT", *["RIGHT"] * numbers),
        line_height=size * 0.5,
        headings_style=FontFace(emphasis="BOLD", size_pt=heading_size, fill_color=HEADING_FILL),
        borders_layout="HORIZONTAL_LINES",
        repeat_headings=1,
        padding=0.8,
    ) as grid:
        grid.row(headings)
        for index, row in enumerate(body):
            total = bool(shown.column_totals) and index == len(body) - 1
            grid.row(
                [value.text if isinstance(value, Cell) else value for value in row],
                style=FontFace(emphasis="BOLD") if total else None,
            )


def _notes(pdf: ReportPDF, tables: list[DisplayedTable], threshold: int) -> None:
    """As the xlsx sheet "Hinweise": the suppression rule and every table's definition."""
    pdf.keep_room(40)
    pdf.heading(_("Notes on the figures"), 12)
    pdf.paragraph(suppression_rule(threshold), size=8.5)
    if not tables:
        return
    pdf.ln(2)
    pdf.set_font(FONT, "", 8)
    with pdf.table(
        width=CONTENT_WIDTH,
        col_widths=(60, CONTENT_WIDTH - 60),
        text_align="LEFT",
        line_height=4,
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
        borders_layout="HORIZONTAL_LINES",
        padding=1,
    ) as grid:
        grid.row([_("Table"), _("Definition")])
        for shown in tables:
            grid.row([shown.table.title, shown.table.definition or "–"])
