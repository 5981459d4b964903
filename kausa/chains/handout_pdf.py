"""The hand-out of a process chain as PDF: German and a second language side by side.

fpdf2 shapes text with HarfBuzz (uharfbuzz), so Arabic and Farsi are joined and laid out
right-to-left; DejaVu Sans (shipped in ``fonts/``) covers Latin, Cyrillic and Arabic script.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from kausa.chains.models import ChainRun, ChainRunStep, StepStatus
from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES

FONTS = Path(__file__).resolve().parent / "fonts"
MARGIN = 15
GAP = 6


@dataclass(frozen=True)
class Column:
    language: str
    x: float
    width: float

    @property
    def rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT_LANGUAGES


def _labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "documents": _("Documents"),
            "contact": _("Contact"),
            "legal": _("Legal basis"),
            "disclaimer": _(
                "This overview is information, not legal advice. Rules can change: ask the "
                "office named below."
            ),
            "office": _("Your KAUSA office"),
        }


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
        self.multi_cell(column.width, size * 0.5, text, align="R" if column.rtl else "L")
        return self.get_y()


def render_handout(run: ChainRun) -> bytes:
    # A second column only where the chain has texts in that language (else German twice).
    second = run.language != "de" and run.language in run.template.texts
    languages = ["de", run.language] if second else ["de"]
    width = (210 - 2 * MARGIN - GAP * (len(languages) - 1)) / len(languages)
    columns = [Column(code, MARGIN + i * (width + GAP), width) for i, code in enumerate(languages)]
    pdf = HandoutPDF()
    pdf.set_title(run.template.title())
    pdf.add_page()
    template = run.template

    def row(parts: list[tuple[Column, str]], size: float = 10, bold: bool = False) -> None:
        top = pdf.get_y()
        if top > 297 - MARGIN - 20:
            pdf.add_page()
            top = pdf.get_y()
        bottoms = []
        for column, text in parts:
            pdf.set_y(top)
            bottoms.append(pdf.write_in(column, text, size=size, bold=bold))
        pdf.set_y(max(bottoms) + 1.5)

    labels = {column.language: _labels(column.language) for column in columns}
    row([(c, template.title(c.language)) for c in columns], size=15, bold=True)
    row([(c, template.summary(c.language)) for c in columns])
    row([(c, labels[c.language]["disclaimer"]) for c in columns], size=8)
    pdf.ln(2)
    steps = list(run.run_steps.select_related("step", "partner"))
    number = 0
    for item in steps:
        if item.status == StepStatus.NOT_APPLICABLE:
            continue
        number += 1
        row([(c, f"{number}. {item.step.title(c.language)}") for c in columns], bold=True)
        row([(c, item.step.description(c.language)) for c in columns])
        documents = [(c, _documents(item, c.language, labels[c.language])) for c in columns]
        if any(text for _c, text in documents):
            row(documents, size=9)
        contact = _contact(item)
        if contact:
            row([(c, f"{labels[c.language]['contact']}: {contact}") for c in columns], size=9)
        if item.step.legal_basis:
            row([(columns[0], f"{labels['de']['legal']}: {item.step.legal_basis}")], size=8)
        pdf.ln(2)
    office = run.office
    office_contact = ", ".join(
        value for value in (office.name, office.email, office.phone) if value
    )
    row([(c, f"{labels[c.language]['office']}: {office_contact}") for c in columns], size=9)
    return bytes(pdf.output())


def _documents(item: ChainRunStep, language: str, labels: dict[str, str]) -> str:
    documents = item.step.documents(language)
    return f"{labels['documents']}: " + "; ".join(documents) if documents else ""


def _contact(item: ChainRunStep) -> str:
    partner = item.partner
    if partner is None:
        return ""
    parts = (partner.name, partner.address_line, partner.phone, partner.email)
    return ", ".join(value for value in parts if value)
