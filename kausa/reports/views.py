"""The funder's report: a page with the parameters, tables and charts, a printable summary,
and the .xlsx, CSV and PDF exports. Team leads and administrators only; every view and export
leaves an audit entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kausa.core.access import request_user, team_lead_view
from kausa.core.audit import record_download
from kausa.core.models import Role, User
from kausa.reports import audit_actions
from kausa.reports.charts import sections
from kausa.reports.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    displayed_tables,
    facts,
    is_empty,
    report_csv,
    report_xlsx,
    suppression_rule,
)
from kausa.reports.forms import ReportForm
from kausa.reports.pdf import PDF_CONTENT_TYPE, report_pdf
from kausa.reports.selectors import report_for_user, report_offices
from kausa.reports.suppression import DEFAULT_THRESHOLD, DisplayedTable
from kausa.reports.tables import Report


def suppression_threshold() -> int:
    return int(getattr(settings, "REPORT_SUPPRESSION_THRESHOLD", DEFAULT_THRESHOLD))


def may_see_protected(user: User) -> bool:
    """Breakdowns by protected attributes: team leads and administrators only. The pages
    are for them alone already; the check stays explicit so that it survives a change."""
    return user.role in {Role.TEAM_LEAD, Role.ADMIN}


@dataclass
class Requested:
    form: ReportForm
    report: Report | None = None
    no_data: bool = False
    tables: list[DisplayedTable] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.report is not None and not self.no_data


def _requested(request: HttpRequest) -> Requested:
    """The report the parameters ask for, or the form with German messages."""
    user = request_user(request)
    form = ReportForm(request.GET or None, offices=report_offices(user))
    if not form.is_bound or not form.is_valid():
        return Requested(form)
    office, district = form.cleaned_data["office"], form.cleaned_data["district"]
    try:
        report = report_for_user(
            user,
            period=form.cleaned_data["period"],
            office_id=office.pk if office is not None else None,
            district_key=district.pk if district is not None else None,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return Requested(form)
    if is_empty(report):
        return Requested(form, report, no_data=True)
    tables = displayed_tables(
        report, threshold=suppression_threshold(), include_protected=may_see_protected(user)
    )
    return Requested(form, report, tables=tables)


def _audit(request: HttpRequest, requested: Requested, action: str) -> None:
    organisation = request_user(request).organisation
    assert organisation is not None  # team_lead_view admits members of an organisation only
    record_download(
        request, obj=organisation, action=action, office=requested.form.cleaned_data["office"]
    )


def _context(request: HttpRequest, requested: Requested) -> dict[str, Any]:
    threshold = suppression_threshold()
    report = requested.report
    return {
        "form": requested.form,
        "report": report,
        "no_data": requested.no_data,
        "sections": sections(requested.tables),
        "facts": facts(report, threshold) if report is not None else [],
        "rule": suppression_rule(threshold),
        "query": request.GET.urlencode(),
    }


@require_GET
@team_lead_view
def report_page(request: HttpRequest) -> HttpResponse:
    requested = _requested(request)
    if requested.ready:
        _audit(request, requested, audit_actions.REPORT_VIEWED)
    return render(request, "reports/report.html", _context(request, requested))


def _not_ready(request: HttpRequest, requested: Requested) -> HttpResponse:
    if requested.no_data:
        messages.info(request, _("There are no figures for this period and scope."))
    else:
        messages.error(request, _("Please choose the period of the report first."))
    url = reverse("reports:report")
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


@require_GET
@team_lead_view
def report_print(request: HttpRequest) -> HttpResponse:
    requested = _requested(request)
    if not requested.ready:
        return _not_ready(request, requested)
    _audit(request, requested, audit_actions.REPORT_PRINTED)
    return render(request, "reports/print.html", _context(request, requested))


def _file_name(report: Report, extension: str) -> str:
    period = report.period
    return f"foerderbericht-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{extension}"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Each download: the writer, its content type, the file's extension and the audit code.
DOWNLOADS: dict[str, tuple[Callable[[Report, list[DisplayedTable], int], bytes], str, str]] = {
    audit_actions.REPORT_XLSX_DOWNLOADED: (report_xlsx, XLSX_CONTENT_TYPE, "xlsx"),
    audit_actions.REPORT_CSV_DOWNLOADED: (report_csv, CSV_CONTENT_TYPE, "csv"),
    audit_actions.REPORT_PDF_DOWNLOADED: (report_pdf, PDF_CONTENT_TYPE, "pdf"),
}


def _report_download(request: HttpRequest, action: str) -> HttpResponse:
    requested = _requested(request)
    if not requested.ready or requested.report is None:
        return _not_ready(request, requested)
    write, content_type, extension = DOWNLOADS[action]
    _audit(request, requested, action)
    content = write(requested.report, requested.tables, suppression_threshold())
    return _download(content, content_type, _file_name(requested.report, extension))


@require_GET
@team_lead_view
def report_xlsx_download(request: HttpRequest) -> HttpResponse:
    return _report_download(request, audit_actions.REPORT_XLSX_DOWNLOADED)


@require_GET
@team_lead_view
def report_csv_download(request: HttpRequest) -> HttpResponse:
    return _report_download(request, audit_actions.REPORT_CSV_DOWNLOADED)


@require_GET
@team_lead_view
def report_pdf_download(request: HttpRequest) -> HttpResponse:
    return _report_download(request, audit_actions.REPORT_PDF_DOWNLOADED)
