"""The pooled course request for the BAMF regional office as an .xlsx file.

Counts, district, occupations and companies; names only of people who consented to being
named (`ConsentPurpose.LANGUAGE_COURSE`), everyone else is only counted.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kausa.bsk.selectors import DistrictPool

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell that starts with one of these is run as a formula by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def plain(value: object) -> object:
    """Text that a spreadsheet shows as text, never evaluates (CSV/formula injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def notice_rows(pool: DistrictPool, *, organisation: str, radius_km: int) -> list[list[object]]:
    """The notice as rows of cells (shared by the sheet and the tests)."""
    district = pool.district
    named = pool.named
    occupation_rows: list[list[object]] = [[name, count] for name, count in pool.occupations]
    company_rows: list[list[object]] = [
        [company.name, company.postal_code, company.place] for company in pool.companies
    ]
    rows: list[list[object]] = [
        [_("Pooled request for a job-language course for apprentices (Azubi-BSK)")],
        [],
        [_("Sent by"), organisation],
        [_("Date"), timezone.localdate().isoformat()],
        [_("District"), district.name],
        [_("District key"), district.pk],
        [_("State"), district.state],
        [_("Radius searched (km)"), radius_km],
        [_("Apprentices without a course in reach"), len(pool.none_in_reach)],
        [_("of them named with their consent"), len(named)],
        [_("of them counted without names"), len(pool.none_in_reach) - len(named)],
        [],
        [_("Occupation"), _("Number")],
        *occupation_rows,
        [],
        [_("Company"), _("Postal code"), _("Place")],
        *company_rows,
    ]
    if named:
        rows += [[], [_("Named with consent")]]
        rows += [[person.last_name, person.first_name] for person in named]
    return rows


def notice_xlsx(pool: DistrictPool, *, organisation: str, radius_km: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Request")[:31]
    for row in notice_rows(pool, organisation=organisation, radius_km=radius_km):
        sheet.append([plain(value) for value in row])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 24
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
