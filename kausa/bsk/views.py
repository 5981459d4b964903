"""Staff pages of Azubi-BSK: the course panel on a person's page and demand pooling."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kausa.bsk import audit_actions, courses, selectors, services
from kausa.bsk.forms import CourseStatusForm
from kausa.bsk.notice import XLSX_CONTENT_TYPE, notice_xlsx
from kausa.core.access import may_write, request_user, staff_view, team_lead_view
from kausa.core.audit import record_download
from kausa.core.listing import is_htmx
from kausa.core.models import User
from kausa.people.models import Person
from kausa.people.selectors import person_get_for_user

PANEL_COURSES = 5


def _panel_context(user: User, person: Person, form: CourseStatusForm | None) -> dict[str, Any]:
    participation = selectors.course_participation_for(user, person)
    can_edit = may_write(user, person)
    if form is None and can_edit:
        form = CourseStatusForm(
            initial={
                "status": participation.status if participation else "none",
                "course_title": participation.course_title if participation else "",
                "provider": participation.provider if participation else "",
            }
        )
    lookup = courses.courses_near(person.postal_code, actor=user)
    return {
        "person": person,
        "participation": participation,
        "lookup": lookup,
        "in_reach": lookup.in_reach()[:PANEL_COURSES],
        "can_edit": can_edit,
        "form": form,
    }


@require_GET
@staff_view()
def person_panel(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk)
    context = _panel_context(user, person, None)
    template = "bsk/_person_panel.html" if is_htmx(request) else "bsk/person_panel_page.html"
    return render(request, template, context)


@require_POST
@staff_view(write=True)
def course_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = person_get_for_user(user, pk, write=True)
    form = CourseStatusForm(request.POST)
    if form.is_valid():
        services.course_status_set(
            actor=user,
            person=person,
            status=form.cleaned_data["status"],
            course_title=form.cleaned_data["course_title"],
            provider=form.cleaned_data["provider"],
        )
        messages.success(request, _("The course status was saved."))
        return redirect("people:detail", person.pk)
    return render(request, "bsk/person_panel_page.html", _panel_context(user, person, form))


def _overview(user: User) -> selectors.PoolingOverview:
    lookup = courses.LookupMemo(user)
    try:
        return selectors.pooling_overview(user, lookup)
    finally:
        lookup.close()


@require_GET
@team_lead_view
def pooling(request: HttpRequest) -> HttpResponse:
    overview = _overview(request_user(request))
    return render(request, "bsk/pooling.html", {"overview": overview})


def _requested_pool(
    request: HttpRequest,
) -> tuple[selectors.PoolingOverview, selectors.DistrictPool | None]:
    overview = _overview(request_user(request))
    pool = selectors.district_pool(overview, request.GET.get("district", ""))
    if pool is None or not pool.proposes_request:
        messages.info(request, _("No pooled course request is proposed for this district."))
        return overview, None
    return overview, pool


@require_GET
@team_lead_view
def pooling_notice(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    overview, pool = _requested_pool(request)
    if pool is None:
        return redirect("bsk:pooling")
    record_download(request, obj=pool.district, action=audit_actions.POOLING_NOTICE_PRINTED)
    organisation = user.organisation.name if user.organisation else ""
    context = {"pool": pool, "overview": overview, "organisation": organisation}
    return render(request, "bsk/pooling_notice.html", context)


@require_GET
@team_lead_view
def pooling_notice_xlsx(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    overview, pool = _requested_pool(request)
    if pool is None:
        return redirect("bsk:pooling")
    record_download(request, obj=pool.district, action=audit_actions.POOLING_NOTICE_DOWNLOADED)
    organisation = user.organisation.name if user.organisation else ""
    content = notice_xlsx(pool, organisation=organisation, radius_km=overview.radius_km)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    # The file name carries the district key only.
    response["Content-Disposition"] = (
        f'attachment; filename="azubi-bsk-sammelanfrage-{pool.district.pk}.xlsx"'
    )
    return response
