"""What a run's hand-out says, in German and its second language (for the page and the PDF).

A step or head whose translation is missing keeps the German text with a notice in both
languages; an outdated translation is printed with a notice that the German text is newer.
A language the chain has no text in at all gives a German hand-out with one notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kausa.chains.handout_labels import label
from kausa.chains.models import ChainRun, ChainRunStep, StepStatus
from kausa.chains.translations import (
    SOURCE_KEY,
    STEP_TEXT_FIELDS,
    TEMPLATE_TEXT_FIELDS,
    language_state,
)
from kausa.core.choices import RIGHT_TO_LEFT_LANGUAGES


@dataclass(frozen=True)
class Notice:
    german: str
    translated: str


@dataclass(frozen=True)
class Part:
    """The head of the hand-out or one step: German, the translation (what there is of
    it), its state and the notice that goes with a missing or outdated translation."""

    german: dict[str, Any]
    translated: dict[str, Any]
    state: str
    notice: Notice | None
    run_step: ChainRunStep | None = None
    number: int = 0


@dataclass
class Handout:
    chosen: str  # the language chosen for the run
    language: str  # the second language printed ("de": German only)
    head: Part
    steps: list[Part] = field(default_factory=list)
    whole_notice: Notice | None = None

    @property
    def two_columns(self) -> bool:
        return self.language != "de"

    @property
    def rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT_LANGUAGES

    def labels(self, language: str) -> dict[str, str]:
        keys = ("steps", "documents", "contact", "legal", "office", "disclaimer")
        return {key: label(language, key) for key in keys}


def _texts(texts: dict[str, Any], language: str) -> dict[str, Any]:
    entry = texts.get(language)
    if not isinstance(entry, dict):
        return {}
    return {key: value for key, value in entry.items() if key != SOURCE_KEY}


def _part(texts: dict[str, Any], language: str, fields: tuple[str, ...], kind: str) -> Part:
    german = _texts(texts, "de")
    if language == "de":
        return Part(german=german, translated={}, state="complete", notice=None)
    state = language_state(texts, language, fields)
    notice = None
    if state != "complete":
        key = f"{kind}_{state}"
        notice = Notice(label("de", key, about=language), label(language, key))
    return Part(german=german, translated=_texts(texts, language), state=state, notice=notice)


def _has_any_text(run: ChainRun, steps: list[ChainRunStep]) -> bool:
    language = run.language
    return bool(_texts(run.template.texts, language)) or any(
        _texts(item.step.texts, language) for item in steps
    )


def build_handout(run: ChainRun) -> Handout:
    items = [
        item
        for item in run.run_steps.select_related("step", "partner")
        if item.status != StepStatus.NOT_APPLICABLE
    ]
    language = run.language
    whole_notice = None
    if language != "de" and not _has_any_text(run, items):
        whole_notice = Notice(
            label("de", "all_missing", about=language), label(language, "all_missing")
        )
        language = "de"
    handout = Handout(
        chosen=run.language,
        language=language,
        head=_part(run.template.texts, language, TEMPLATE_TEXT_FIELDS, "head"),
        whole_notice=whole_notice,
    )
    for number, item in enumerate(items, 1):
        part = _part(item.step.texts, language, STEP_TEXT_FIELDS, "step")
        handout.steps.append(
            Part(
                german=part.german,
                translated=part.translated,
                state=part.state,
                notice=part.notice,
                run_step=item,
                number=number,
            )
        )
    return handout


def contact_line(item: ChainRunStep | None) -> str:
    partner = item.partner if item is not None else None
    if partner is None:
        return ""
    parts = (partner.name, partner.address_line, partner.phone, partner.email)
    return ", ".join(value for value in parts if value)


def office_label(run: ChainRun, language: str) -> str:
    """ "Your KAUSA office" in `language`; German names the organisation's kind, e.g. "Ihre
    KAUSA-Landesstelle" (the service offices of the JOBSTARTER programme ended in 2022)."""
    text = label(language, "office")
    return text.replace("{kind}", run.office.organisation.kind_name)


def office_line(run: ChainRun) -> str:
    office = run.office
    return ", ".join(value for value in (office.name, office.email, office.phone) if value)
