"""Reads of the reports app, scoped to the user.

Counsellors and read-only colleagues see the figures of their own office; team leads and
administrators see every office of their organisation and the whole organisation, and only
they see the breakdowns by protected attributes (`ReportTable.protected`).
"""

from __future__ import annotations

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kausa.core.models import District, Office, Organisation, User
from kausa.reports.indicators import build_report
from kausa.reports.tables import Period, Report


def report_offices(user: User) -> QuerySet[Office]:
    """The offices whose figures the user may see."""
    offices = Office.objects.filter(organisation_id=user.organisation_pk).order_by("name")
    if user.sees_all_offices:
        return offices
    if user.office_id is None:
        return offices.none()
    return offices.filter(pk=user.office_id)


def report_office_get_for_user(user: User, pk: int | str) -> Office:
    """An office of the report scope: 404 for an office the user may not see."""
    try:
        return report_offices(user).get(pk=pk)
    except (Office.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


def report_district(key: str) -> District:
    """A district by its key (reference data); a German message for an unknown key."""
    district = District.objects.filter(pk=key).first()
    if district is None:
        raise ValidationError(_("Unknown district."))
    return district


def report_for_user(
    user: User,
    *,
    period: Period,
    office_id: int | str | None = None,
    district_key: str | None = None,
) -> Report:
    """The report the user may see: staff of an office always get their own office; the
    breakdowns by protected attributes only go to team leads and administrators."""
    organisation = Organisation.objects.get(pk=user.organisation_pk)
    office: Office | None
    if office_id is not None and office_id != "":
        office = report_office_get_for_user(user, office_id)
    elif user.sees_all_offices:
        office = None
    elif user.office is not None:
        office = user.office
    else:
        raise PermissionDenied
    district = report_district(district_key) if district_key else None
    report = build_report(
        organisation=organisation, period=period, office=office, district=district
    )
    if user.sees_all_offices:
        return report
    return dataclasses.replace(report, tables=[t for t in report.tables if not t.protected])
