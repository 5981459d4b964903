"""Exports and charts of a hand-made report: the files load back as German Excel expects,
carry the period, scope and definitions, and never show a small count."""

from __future__ import annotations

import csv
import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import load_workbook

from kausa.reports.charts import bar_chart, sections
from kausa.reports.exports import (
    NOTES_SHEET,
    csv_value,
    displayed_tables,
    report_csv,
    report_xlsx,
)
from kausa.reports.tables import Period, Report, ReportTable

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _german():
    with translation.override("de"):
        yield


def people_table(**changes) -> ReportTable:
    values = {
        "key": "people.counselled",
        "title": "Beratene junge Menschen",
        "row_header": "Standort",
        "row_labels": ["KAUSA Magdeburg", '=HYPERLINK("x")', "KAUSA Dessau"],
        "column_labels": ["neu", "aktiv"],
        "cells": [[3, 40], [12, 25], [30, 2]],
        "definition": "Personen mit einem Fall, der im Zeitraum offen war.",
    }
    values.update(changes)
    return ReportTable(**values)


def event_table() -> ReportTable:
    return ReportTable(
        key="events.by_format",
        title="Veranstaltungen nach Format",
        row_header="Format",
        row_labels=["Ausbildungsmesse", "Elternabend"],
        column_labels=["Anzahl"],
        cells=[[2], [1]],
        person_counts=False,
        column_totals=False,
    )


def make_report(tables: list[ReportTable] | None = None) -> Report:
    return Report(
        organisation_name="KAUSA Sachsen-Anhalt",
        scope_label="alle Standorte",
        period=Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "2026"),
        generated_at=timezone.now(),
        tables=tables if tables is not None else [people_table(), event_table()],
    )


def test_xlsx_has_a_sheet_per_table_frozen_headers_notes_and_no_small_counts():
    report = make_report()
    tables = displayed_tables(report, threshold=5, include_protected=True)
    workbook = load_workbook(io.BytesIO(report_xlsx(report, tables, 5)))
    assert workbook.sheetnames == [
        "Beratene junge Menschen",
        "Veranstaltungen nach Format",
        NOTES_SHEET,
    ]
    sheet = workbook["Beratene junge Menschen"]
    assert sheet.freeze_panes == "B2"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Standort", "neu", "aktiv", "Summe"]
    assert rows[1][0] == "KAUSA Magdeburg" and rows[1][1] == "< 5"
    assert rows[3][2] == "< 5"
    assert rows[2][0] == '\'=HYPERLINK("x")'  # text, never a formula
    assert rows[-1][0] == "Summe"
    numbers = [cell for row in sheet.iter_rows(min_row=2, min_col=2) for cell in row]
    assert any(isinstance(cell.value, int) and cell.number_format == "#,##0" for cell in numbers)
    small = {3, 2}
    assert not any(cell.value in small for cell in numbers)
    # Secondary suppression: no row with exactly one hidden cell.
    for row in rows[1:]:
        assert sum(value in {"< 5", "x"} for value in row[1:]) != 1
    events = [
        [cell.value for cell in row] for row in workbook["Veranstaltungen nach Format"].iter_rows()
    ]
    assert events[1] == ["Ausbildungsmesse", 2, 2]  # events are not people: not suppressed
    notes = "\n".join(
        str(cell.value) for row in workbook[NOTES_SHEET].iter_rows() for cell in row if cell.value
    )
    for expected in ("KAUSA Sachsen-Anhalt", "alle Standorte", "01.01.2026", "31.12.2026", "< 5"):
        assert expected in notes
    assert "Personen mit einem Fall, der im Zeitraum offen war." in notes
    assert "Erstellt" in notes


def test_csv_is_for_german_excel():
    report = make_report()
    tables = displayed_tables(report, threshold=5, include_protected=True)
    content = report_csv(report, tables, 5)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert ["Standort", "neu", "aktiv", "Summe"] in rows
    magdeburg = next(row for row in rows if row and row[0] == "KAUSA Magdeburg")
    assert magdeburg[1] == "< 5"
    assert not any(value in {"3", "2"} for row in rows[8:12] for value in row[1:])
    assert any("31.12.2026" in value for row in rows for value in row)
    assert csv_value(12.5) == "12,5"
    assert csv_value("=1+1") == "'=1+1"


def test_protected_breakdowns_are_left_out_unless_allowed():
    protected = people_table(key="people.by_gender", title="Nach Geschlecht", protected=True)
    report = make_report([people_table(), protected])
    assert len(displayed_tables(report, threshold=5, include_protected=False)) == 1
    assert len(displayed_tables(report, threshold=5, include_protected=True)) == 2


def test_the_svg_chart_is_well_formed_with_title_description_and_no_scripts_or_styles():
    report = make_report()
    shown = displayed_tables(report, threshold=5, include_protected=True)[0]
    chart = bar_chart(shown)
    svg = render_to_string("reports/_chart_svg.html", {"chart": chart})
    root = ET.fromstring(svg)  # noqa: S314 - the app's own SVG, rendered just above
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Beratene junge Menschen"
    assert desc is not None and "KAUSA Magdeburg" in (desc.text or "")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert len(root.findall(f".//{SVG}rect")) == 3
    for element in root.iter():
        assert "style" not in element.attrib
        assert not element.tag.endswith("script")
        assert not any(name.startswith("on") for name in element.attrib)
    # Suppressed totals get no bar; the mark is shown instead of a number.
    assert all(
        "," not in value
        for element in root.iter()
        for value in element.attrib.values()
        if value[:1].isdigit()
    )


def test_the_chart_escapes_labels():
    table = people_table(row_labels=["<script>x</script>", "a & b", "\"'"])
    shown = displayed_tables(make_report([table]), threshold=5, include_protected=True)[0]
    svg = render_to_string("reports/_chart_svg.html", {"chart": bar_chart(shown)})
    assert "<script>" not in svg
    ET.fromstring(svg)  # noqa: S314 - the app's own SVG, rendered just above
    assert sections([shown])[0].headings[0] == "Standort"
