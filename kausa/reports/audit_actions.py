"""Audit codes of the funder's reports (see core.audit_registry). A report is not a record:
entries point at the organisation, and name the office when the report covers one."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

REPORT_VIEWED = register("reports.report.viewed", _("Funder report viewed"), "core.organisation")
REPORT_PRINTED = register(
    "reports.report.printed", _("Funder report shown for printing"), "core.organisation"
)
REPORT_XLSX_DOWNLOADED = register(
    "reports.report.xlsx_downloaded", _("Funder report downloaded (xlsx)"), "core.organisation"
)
REPORT_CSV_DOWNLOADED = register(
    "reports.report.csv_downloaded", _("Funder report downloaded (CSV)"), "core.organisation"
)
REPORT_PDF_DOWNLOADED = register(
    "reports.report.pdf_downloaded", _("Funder report downloaded (PDF)"), "core.organisation"
)
REPORT_WRITTEN_BY_COMMAND = register(
    "reports.report.written_by_command",
    _("Funder report written to a file by the command"),
    "core.organisation",
)
