"""The hand-out of a process chain as PDF: German and a second language side by side.

fpdf2 shapes text with HarfBuzz (uharfbuzz), so Arabic and Farsi are joined and laid out
right-to-left; DejaVu Sans (shipped in ``fonts/``) covers Latin, Cyrillic and Arabic script.
Left-to-right runs in right-to-left text (phone numbers, addresses, § references) are
wrapped in Unicode isolates, which fpdf2's bidi algorithm keeps in reading order.
What is printed, and which notices, comes from `handout.build_handout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from kausa.chains.handout import (
    Handout,
    Notice,
    Part,
    build_handout,
    contact_line,
    office_label,
    office_line,
)
from kausa.chains.models import ChainRun
from kausa.core.bidi import isolate_ltr_runs
from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES

FONTS = Path(__file__).resolve().parent / "fonts"
MARGIN = 15
GAP = 6
PAGE_HEIGHT = 297


@dataclass(frozen=True)
class Column:
    language: str
    x: float
    width: float

    @property
    def rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT_LANGUAGES


class HandoutPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(auto=True, margin=MARGIN)

    def write_in(self, column: Column, text: str, *, size: float = 10, bold: bool = False) -> float:
        """Write a paragraph into one column; returns the y below it."""
        self.set_text_shaping(
            use_shaping_engine=True,
            direction="rtl" if column.rtl else "ltr",
            language=column.language,
        )
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_x(column.x)
        if column.rtl:
            text = isolate_ltr_runs(text)
        self.multi_cell(column.width, size * 0.5, text, align="R" if column.rtl else "L")
        return self.get_y()

    def row(self, parts: list[tuple[Column, str]], size: float = 10, bold: bool = False) -> None:
        """Paragraphs side by side, starting at the same height."""
        parts = [(column, text) for column, text in parts if text]
        if not parts:
            return
        top = self.get_y()
        if top > PAGE_HEIGHT - MARGIN - 20:
            self.add_page()
            top = self.get_y()
        bottoms = []
        for column, text in parts:
            self.set_y(top)
            bottoms.append(self.write_in(column, text, size=size, bold=bold))
        self.set_y(max(bottoms) + 1.5)


def _columns(handout: Handout) -> list[Column]:
    languages = ["de", handout.language] if handout.two_columns else ["de"]
    width = (210 - 2 * MARGIN - GAP * (len(languages) - 1)) / len(languages)
    return [Column(code, MARGIN + i * (width + GAP), width) for i, code in enumerate(languages)]


def _notice_row(pdf: HandoutPDF, columns: list[Column], notice: Notice | None) -> None:
    if notice is not None:
        pdf.row([(columns[0], notice.german), (columns[-1], notice.translated)], size=8, bold=True)


def _in(part: Part, column: Column, name: str) -> object:
    """A text field of the part in the column's language (German in the German column)."""
    texts = part.german if column.language == "de" else part.translated
    return texts.get(name) or ""


def render_handout(run: ChainRun) -> bytes:
    handout = build_handout(run)
    columns = _columns(handout)
    labels = {column.language: handout.labels(column.language) for column in columns}
    pdf = HandoutPDF()
    pdf.set_title(run.template.title())
    pdf.add_page()
    head = handout.head
    pdf.row([(c, str(_in(head, c, "title"))) for c in columns], size=15, bold=True)
    pdf.row([(c, str(_in(head, c, "summary"))) for c in columns])
    _notice_row(pdf, columns, head.notice)
    if handout.whole_notice is not None:
        only = Column(handout.chosen, MARGIN, columns[0].width)
        pdf.row([(columns[0], handout.whole_notice.german)], size=9, bold=True)
        pdf.row([(only, handout.whole_notice.translated)], size=9, bold=True)
    pdf.row([(c, labels[c.language]["disclaimer"]) for c in columns], size=8)
    pdf.ln(2)
    pdf.row([(c, labels[c.language]["steps"]) for c in columns], size=12, bold=True)
    for part in handout.steps:
        _step(pdf, columns, labels, part)
    office = office_line(run)
    pdf.row([(c, f"{office_label(run, c.language)}: {office}") for c in columns], size=9)
    return bytes(pdf.output())


def _step(
    pdf: HandoutPDF, columns: list[Column], labels: dict[str, dict[str, str]], part: Part
) -> None:
    pdf.row([(c, f"{part.number}. {_in(part, c, 'title')}".strip()) for c in columns], bold=True)
    _notice_row(pdf, columns, part.notice)
    pdf.row([(c, str(_in(part, c, "description"))) for c in columns])
    documents = []
    for column in columns:
        names = _in(part, column, "documents")
        if isinstance(names, list) and names:
            heading = labels[column.language]["documents"]
            documents.append((column, f"{heading}: " + "; ".join(names)))
    pdf.row(documents, size=9)
    contact = contact_line(part.run_step)
    if contact:
        pdf.row([(c, f"{labels[c.language]['contact']}: {contact}") for c in columns], size=9)
    step = part.run_step.step if part.run_step is not None else None
    if step is not None and step.legal_basis:
        pdf.row([(columns[0], f"{labels['de']['legal']}: {step.legal_basis}")], size=8)
    pdf.ln(2)
