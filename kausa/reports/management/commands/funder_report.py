"""Write the funder's report for automation:

    python manage.py funder_report --organisation "KAUSA Sachsen-Anhalt" --year 2026 \
        --quarter 3 --output bericht.xlsx

`--organisation` takes the id or the exact name; `--office` an office id of that
organisation; `--output` ends in .xlsx or .csv. Small-cell suppression applies as on the
page. Bad input gets a German message and a non-zero exit code, and nothing is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.core.audit import audit_log
from kausa.core.models import District, Office, Organisation
from kausa.reports import audit_actions
from kausa.reports.exports import displayed_tables, is_empty, report_csv, report_xlsx
from kausa.reports.indicators import build_report, period_for
from kausa.reports.suppression import DEFAULT_THRESHOLD
from kausa.reports.tables import Period, Report

WRITERS = {".xlsx": report_xlsx, ".csv": report_csv}


class Command(BaseCommand):
    help = "Write the funder report (xlsx or CSV) of an organisation for a year, quarter or month."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="id or exact name")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--quarter", type=int, help="1–4")
        parser.add_argument("--month", type=int, help="1–12")
        parser.add_argument("--office", help="id of an office of the organisation")
        parser.add_argument("--district", help="official district key (AGS, 5 digits)")
        parser.add_argument("--output", required=True, help="FILE.xlsx or FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("de"):
            self._write(options)

    def _write(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        writer = WRITERS.get(output.suffix.lower())
        if writer is None:
            raise CommandError(_("The output file must end in .xlsx or .csv."))
        if not output.parent.is_dir():
            raise CommandError(_("The folder of the output file does not exist."))
        organisation = _organisation(options["organisation"])
        office = _office(organisation, options["office"])
        district = _district(options["district"])
        report = _report(organisation, _period(options), office, district)
        threshold = int(getattr(settings, "REPORT_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))
        tables = displayed_tables(report, threshold=threshold, include_protected=True)
        _write_atomically(output, writer(report, tables, threshold))
        audit_log(
            actor=None,
            action=audit_actions.REPORT_WRITTEN_BY_COMMAND,
            obj=organisation,
            office=office,
        )
        self.stdout.write(
            _("Report written: %(file)s (%(tables)s tables)")
            % {"file": output, "tables": len(tables)}
        )


def _organisation(value: str) -> Organisation:
    found = Organisation.objects.filter(name=value).first()
    if found is None and value.isdigit():
        found = Organisation.objects.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(_("Unknown organisation: give its id or its exact name."))
    return found


def _office(organisation: Organisation, value: str | None) -> Office | None:
    if not value:
        return None
    office = (
        Office.objects.filter(organisation=organisation, pk=int(value)).first()
        if value.isdigit()
        else None
    )
    if office is None:
        raise CommandError(_("Unknown office: give the id of an office of this organisation."))
    return office


def _district(value: str | None) -> District | None:
    if not value:
        return None
    district = District.objects.filter(pk=value).first()
    if district is None:
        raise CommandError(_("Unknown district."))
    return district


def _period(options: dict[str, Any]) -> Period:
    quarter, month = options["quarter"], options["month"]
    if quarter is not None and month is not None:
        raise CommandError(_("Give either a quarter or a month, not both."))
    kind, number = ("quarter", quarter) if quarter is not None else ("month", month)
    if quarter is None and month is None:
        kind = "year"
    try:
        return period_for(kind, options["year"], number)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error


def _report(
    organisation: Organisation, period: Period, office: Office | None, district: District | None
) -> Report:
    try:
        report = build_report(
            organisation=organisation, period=period, office=office, district=district
        )
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
    if is_empty(report):
        raise CommandError(_("There are no figures for this period and scope."))
    return report


def _write_atomically(output: Path, content: bytes) -> None:
    """Write to a temporary file beside the target, then rename: no half-written report."""
    handle, temporary = tempfile.mkstemp(dir=output.parent, suffix=output.suffix)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
