"""`manage.py funder_report`: writes the file, or a German message, exit code 1 and no file."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.counselling.models import Case
from kausa.reports import audit_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(office_a, counsellor_a):
    for day in (1, 2, 3, 4, 5, 6):
        Case.objects.create(
            office=office_a,
            person=PersonFactory(office=office_a),
            counsellor=counsellor_a,
            opened_on=datetime.date(2026, 8, day),
        )


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("funder_report", *args, stdout=out)
    return out.getvalue()


def test_writes_a_quarterly_xlsx_by_organisation_name(tmp_path, organisation, cases):
    target = tmp_path / "bericht.xlsx"
    output = run(
        "--organisation", organisation.name, "--year", "2026", "--quarter", "3",
        "--output", str(target),
    )  # fmt: skip
    assert "Bericht geschrieben" in output
    workbook = load_workbook(target)
    assert workbook.sheetnames[-1] == "Hinweise"
    notes = [cell.value for row in workbook["Hinweise"].iter_rows() for cell in row]
    assert "Q3 2026" in notes or any("2026" in str(value) for value in notes)
    assert "30.09.2026" in notes
    entry = AuditEntry.objects.get(action=audit_actions.REPORT_WRITTEN_BY_COMMAND)
    assert entry.actor is None and entry.object_id == str(organisation.pk)
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_writes_csv_for_one_office_by_id(tmp_path, organisation, office_a, cases):
    target = tmp_path / "bericht.csv"
    run(
        "--organisation", str(organisation.pk), "--year", "2026", "--office", str(office_a.pk),
        "--output", str(target),
    )  # fmt: skip
    content = target.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert any(office_a.name in row for row in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organisation", "Niemand", "--year", "2026"], "Unbekannte Organisation"),
        (["--year", "2026", "--quarter", "5"], "Quartal"),
        (["--year", "2026", "--quarter", "1", "--month", "2"], "nicht beides"),
        (["--year", "2026", "--office", "999999"], "Unbekannter Standort"),
        (["--year", "2026", "--office", "abc"], "Unbekannter Standort"),
        (["--year", "2026", "--district", "00000"], "Unbekannter Landkreis"),
        (["--year", "1999"], "keine Zahlen"),
    ],
)
def test_bad_input_gets_a_german_message_and_writes_nothing(
    tmp_path, organisation, cases, args, message
):
    target = tmp_path / "bericht.xlsx"
    if "--organisation" not in args:
        args = ["--organisation", organisation.name, *args]
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(target))
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(action=audit_actions.REPORT_WRITTEN_BY_COMMAND).exists()


def test_bad_output_paths_are_refused(tmp_path, organisation, cases):
    with pytest.raises(CommandError, match=r"\.xlsx oder \.csv"):
        run(
            "--organisation",
            organisation.name,
            "--year",
            "2026",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="Ordner"):
        run(
            "--organisation", organisation.name, "--year", "2026",
            "--output", str(tmp_path / "missing" / "x.xlsx"),
        )  # fmt: skip


def test_the_exit_code_is_not_zero(tmp_path, organisation):
    """Run as a process would be: CommandError becomes exit code 1 with the message."""
    from django.core.management import ManagementUtility

    utility = ManagementUtility(
        ["manage.py", "funder_report", "--organisation", "Niemand", "--year", "2026",
         "--output", str(tmp_path / "x.xlsx")]
    )  # fmt: skip
    with pytest.raises(SystemExit) as exit_info:
        utility.execute()
    assert exit_info.value.code == 1
    assert list(tmp_path.iterdir()) == []
