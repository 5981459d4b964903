"""The funder's report as PDF: it opens, states what it covers, shows every table with its
chart and definition, breaks long tables with the header repeated, never prints a suppressed
count, leaves protected breakdowns out unless allowed, and its download is audited."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from kausa.core.models import AuditEntry
from kausa.reports import audit_actions
from kausa.reports.exports import displayed_tables
from kausa.reports.pdf import report_pdf
from kausa.reports.tables import ReportTable
from kausa.reports.tests.test_exports import event_table, make_report, people_table
from kausa.reports.tests.test_views import YEAR, cases  # noqa: F401 - a fixture

FOOTER_TOP = 65  # points above the page's lower edge: below lies the footer only
PROTECTED_NOTE = "Aufschlüsselung nach geschützten Merkmalen"


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def pdf_of(tables: list[ReportTable], *, include_protected: bool = True) -> bytes:
    report = make_report(tables)
    shown = displayed_tables(report, threshold=5, include_protected=include_protected)
    return report_pdf(report, shown, 5)


def page_texts(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def body_text(content: bytes) -> str:
    """The text of all pages without their footers (which hold dates and page numbers)."""
    parts: list[str] = []

    def keep(text, cm, tm, _font, _size):
        if tm[5] * cm[3] + cm[5] > FOOTER_TOP:
            parts.append(text)

    for page in PdfReader(io.BytesIO(content)).pages:
        page.extract_text(visitor_text=keep)
    return "\n".join(parts)


def section(text: str, title: str, next_title: str) -> list[str]:
    """The words from a table's title to the next heading."""
    start = text.index(title)
    return re.findall(r"\S+", text[start : text.index(next_title, start + len(title))])


def test_the_pdf_states_what_it_covers_and_shows_every_table_chart_and_definition():
    content = pdf_of([people_table(), event_table()])
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata is not None
    assert reader.metadata.title == "Bericht für den Fördermittelgeber: KAUSA Sachsen-Anhalt"
    pages = page_texts(content)
    text = "\n".join(pages)
    assert text.startswith("Bericht für den Fördermittelgeber: KAUSA Sachsen-Anhalt")
    for expected in ("alle Standorte", "01.01.2026", "31.12.2026", "Erstellt", "< 5"):
        assert expected in text
    assert text.index("Beratene junge Menschen") < text.index("Veranstaltungen nach Format")
    assert text.index("Veranstaltungen nach Format") < text.index("Hinweise zu den Zahlen")
    words = section(body_text(content), "Beratene junge Menschen", "Veranstaltungen")
    # The table: header row, the counts that may be shown, the column totals.
    assert words[words.index("Standort") : words.index("Standort") + 4] == [
        "Standort",
        "neu",
        "aktiv",
        "Summe",
    ]
    assert {"12", "25", "37", "45", "67", "112"} <= set(words)
    assert words.count("43") == 2  # Magdeburg's total: its bar and its table row
    assert "Personen mit einem Fall, der im Zeitraum offen war." in text
    notes = text[text.index("Hinweise zu den Zahlen") :]
    assert "Beratene junge Menschen" in notes and "Personen mit einem Fall" in notes
    # Footer: scope, period, date made, "Seite x von y" on every page.
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        assert "alle Standorte · 2026 · Erstellt" in page


def test_a_suppressed_count_shows_its_mark_and_never_its_value():
    # Row totals 3 and 4 are small: their bars are hatched and read "< 5".
    table = people_table(
        row_labels=["KAUSA Magdeburg", "KAUSA Halle", "KAUSA Dessau"],
        cells=[[1, 2], [3, 1], [60, 70]],
    )
    content = pdf_of([table, event_table()])
    words = section(body_text(content), "Beratene junge Menschen", "Veranstaltungen")
    text = " ".join(words)
    assert text.count("< 5") == 8  # two bars, four cells, two row totals
    assert {"60", "70", "130", "64", "73", "137"} <= set(words)
    for hidden in ("1", "2", "3", "4"):
        assert hidden not in words, hidden
    # The event table, not a count of people, keeps its 2 and 1.
    events = section(body_text(content), "Veranstaltungen nach Format", "Hinweise")
    assert "2" in events and "1" in events


def test_hidden_bars_are_hatched_and_shown_bars_are_not():
    def drawing(table: ReportTable) -> bytes:
        page = PdfReader(io.BytesIO(pdf_of([table]))).pages[0]
        return page.get_contents().get_data()

    # A clipping path ("W n") is drawn only for the hatching of a hidden bar.
    hidden = drawing(people_table(cells=[[1, 2], [30, 40], [50, 60]]))
    assert b"W n" in hidden
    shown = drawing(people_table(cells=[[10, 20], [30, 40], [50, 60]]))
    assert b"W n" not in shown


def test_a_long_table_breaks_across_pages_with_its_header_repeated():
    rows = 90
    table = people_table(
        row_labels=[f"Standort {index:02d}" for index in range(rows)],
        cells=[[10 + index, 20] for index in range(rows)],
    )
    pages = page_texts(pdf_of([table]))
    with_header = [page for page in pages if "Standort neu aktiv Summe" in page]
    assert len(with_header) >= 2
    text = "\n".join(pages)
    assert "Standort 00" in text and f"Standort {rows - 1:02d}" in text
    assert text.index("Standort 89 99 20 119") < text.index("Hinweise zu den Zahlen")


def test_protected_breakdowns_are_left_out_unless_allowed():
    protected = people_table(key="people.by_gender", title="Nach Geschlecht", protected=True)
    allowed = "\n".join(page_texts(pdf_of([people_table(), protected])))
    assert "Nach Geschlecht" in allowed and PROTECTED_NOTE in allowed
    refused = "\n".join(page_texts(pdf_of([people_table(), protected], include_protected=False)))
    assert "Nach Geschlecht" not in refused and PROTECTED_NOTE not in refused
    assert "Beratene junge Menschen" in refused


def test_the_pdf_of_a_report_without_tables_still_opens():
    pages = page_texts(pdf_of([]))
    assert len(pages) == 1 and "Hinweise zu den Zahlen" in pages[0]


@pytest.mark.django_db
def test_the_download_is_a_pdf_of_the_real_report_and_is_audited(
    client,
    team_lead,
    office_a,
    cases,  # noqa: F811 - the fixture imported above
):
    client.force_login(team_lead)
    response = client.get(reverse("reports:pdf"), YEAR)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="foerderbericht-20260101-20261231.pdf"'
    )
    text = "\n".join(page_texts(response.content))
    assert text.startswith("Bericht für den Fördermittelgeber")
    assert "< 5" in text  # the single case of office B
    # Seven cases in office A, one in office B: the small count hides, and so (secondary)
    # does office A's, which the total of eight would otherwise give away.
    counselled = section(body_text(response.content), "Beratene junge Menschen", "Definition")
    assert " ".join(counselled).endswith("Summe 8 0")
    assert "7" not in counselled and "1" not in counselled
    assert PROTECTED_NOTE in text
    entry = AuditEntry.objects.get(action=audit_actions.REPORT_PDF_DOWNLOADED)
    assert entry.actor == team_lead and entry.object_type == "core.organisation"
    assert entry.office is None
    client.get(reverse("reports:pdf"), {**YEAR, "office": office_a.pk})
    latest = AuditEntry.objects.filter(action=audit_actions.REPORT_PDF_DOWNLOADED).latest("pk")
    assert latest.office == office_a


@pytest.mark.django_db
def test_the_download_leaves_protected_breakdowns_out_for_who_may_not_see_them(
    client,
    team_lead,
    monkeypatch,
    cases,  # noqa: F811 - the fixture imported above
):
    monkeypatch.setattr("kausa.reports.views.may_see_protected", lambda user: False)
    client.force_login(team_lead)
    text = "\n".join(page_texts(client.get(reverse("reports:pdf"), YEAR).content))
    assert text.startswith("Bericht für den Fördermittelgeber")
    assert PROTECTED_NOTE not in text


@pytest.mark.django_db
def test_counsellors_and_readers_get_no_pdf(client, counsellor_a, reader_a, cases):  # noqa: F811
    for user in (counsellor_a, reader_a):
        client.force_login(user)
        assert client.get(reverse("reports:pdf"), YEAR).status_code == 403
    assert not AuditEntry.objects.filter(action=audit_actions.REPORT_PDF_DOWNLOADED).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "custom", "start": "2026-05-01", "end": "2026-04-01"},
        {"kind": "year", "year": "zwanzig"},
        {"kind": "year", "year": "2026", "office": "999999"},
        {"kind": "custom", "start": "2026-02-31", "end": "2026-04-01"},
        {"kind": "year", "year": "1999"},  # no figures
    ],
)
def test_bad_parameters_answer_as_the_xlsx_download_does(
    client,
    team_lead,
    params,
    cases,  # noqa: F811 - the fixture imported above
):
    client.force_login(team_lead)
    answers = []
    for name in ("reports:pdf", "reports:xlsx"):
        response = client.get(reverse(name), params, follow=True)
        assert response.status_code == 200
        messages = [str(message) for message in response.context["messages"]]
        answers.append((response.redirect_chain, messages))
    assert answers[0] == answers[1]
    assert not AuditEntry.objects.filter(action=audit_actions.REPORT_PDF_DOWNLOADED).exists()
