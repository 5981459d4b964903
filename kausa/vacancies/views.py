"""Staff pages for apprenticeship places."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kausa.core.access import may_write, request_user, staff_view
from kausa.core.archiving import ArchiveActions, archive_toggle_response
from kausa.core.listing import filters_from_form, paginate, render_list
from kausa.vacancies import audit_actions, selectors, services
from kausa.vacancies.forms import VacancyFilterForm, VacancyForm


@staff_view()
def vacancy_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = VacancyFilterForm(request.GET or None)
    vacancies = selectors.vacancy_list(user, filters_from_form(selectors.VacancyFilters, form))
    return render_list(
        request,
        "vacancies/vacancy_list.html",
        "vacancies/_vacancy_results.html",
        {
            "form": form,
            "page": paginate(request, vacancies),
            "can_create": user.can_write_shared(user.organisation_id),
        },
    )


@staff_view()
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_get_for_user(user, pk)
    context = {"vacancy": vacancy, "can_edit": may_write(user, vacancy)}
    return render(request, "vacancies/vacancy_detail.html", context)


@staff_view(write=True)
def vacancy_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    initial = {"company": request.GET.get("company"), "seats": 1}
    form = VacancyForm(request.POST or None, initial=initial, organisation_id=user.organisation_pk)
    if request.method == "POST" and form.is_valid():
        vacancy = services.vacancy_create(
            actor=user, company=form.cleaned_data["company"], data=form.vacancy_data()
        )
        messages.success(request, _("The apprenticeship place was saved."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "vacancy": None})


@staff_view(write=True)
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    vacancy = selectors.vacancy_get_for_user(user, pk, write=True)
    form = VacancyForm(
        request.POST or None,
        initial=VacancyForm.initial_for(vacancy),
        organisation_id=user.organisation_pk,
        vacancy=vacancy,
    )
    if request.method == "POST" and form.is_valid():
        services.vacancy_update(actor=user, vacancy=vacancy, data=form.vacancy_data())
        messages.success(request, _("The changes were saved."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "vacancy": vacancy})


@require_POST
@staff_view(write=True)
def vacancy_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return archive_toggle_response(
        request,
        record=selectors.vacancy_get_for_user(request_user(request), pk, write=True),
        actions=ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED),
        detail_url_name="vacancies:detail",
        archived_message=_("The apprenticeship place was archived."),
        restored_message=_("The apprenticeship place was restored."),
    )
