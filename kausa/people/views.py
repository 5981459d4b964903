"""Staff pages for people: list, detail, create, edit, sensitive data, sharing, archive."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kausa.core.access import may_write, request_user, staff_view
from kausa.core.archiving import ArchiveActions, archive_toggle_response
from kausa.core.listing import filters_from_form, is_htmx, paginate, remembered_filters, render_list
from kausa.people import audit_actions, selectors, services
from kausa.people.forms import (
    GuardianForm,
    PersonFilterForm,
    PersonForm,
    PersonSensitiveForm,
    PersonSharingForm,
    language_formset,
)
from kausa.people.models import PersonSensitive

PEOPLE_FILTERS_SESSION_KEY = "people.list.filters"


@require_http_methods(["GET", "POST"])
@staff_view()
def person_list(request: HttpRequest) -> HttpResponse:
    """Filtered by POST so that a typed name stays out of URLs; only the structured filters
    are remembered in the session (see `remembered_filters`)."""
    user = request_user(request)
    filters = remembered_filters(
        request, PEOPLE_FILTERS_SESSION_KEY, PersonFilterForm.base_fields.keys()
    )
    if request.method == "POST" and "reset" in request.POST:
        if is_htmx(request):
            return HttpResponse(headers={"HX-Redirect": reverse("people:list")})
        return redirect("people:list")
    form = PersonFilterForm(filters, organisation_id=user.organisation_pk)
    people = selectors.person_list(user, filters_from_form(selectors.PersonFilters, form))
    return render_list(
        request,
        "people/person_list.html",
        "people/_person_results.html",
        {
            "form": form,
            "page": paginate(request, people),
            "filter_method": "post",
            "can_create": user.can_write_for(user.office_id),
        },
    )


@staff_view()
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk)
    sensitive_visible = selectors.person_sensitive_visible(user, person)
    context = {
        "person": person,
        "languages": person.languages.all(),
        "desired_occupations": person.desired_occupations.select_related("occupation"),
        "shared_with": person.shared_with_offices.all(),
        "can_edit": may_write(user, person),
        "sensitive_visible": sensitive_visible,
        "sensitive": PersonSensitive.objects.filter(person=person).first()
        if sensitive_visible
        else None,
        "guardians_visible": user.works_in(person.office_id),
        "guardian_count": person.guardians.count(),
    }
    return render(request, "people/person_detail.html", context)


@staff_view(write=True)
def person_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.office is None:
        raise PermissionDenied
    form = PersonForm(request.POST or None)
    languages = language_formset(request.POST or None)
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        person = services.person_create(
            actor=user,
            office=user.office,
            data=form.person_data(),
            languages=languages.skills(),
            desired_occupations=form.desired_occupations(),
        )
        messages.success(request, _("The person was registered."))
        return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"form": form, "languages": languages, "person": None}
    )


@staff_view(write=True)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk, write=True)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    languages = language_formset(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid() and languages.is_valid():
        services.person_update(
            actor=user,
            person=person,
            data=form.person_data(),
            languages=languages.skills(),
            desired_occupations=form.desired_occupations(),
        )
        messages.success(request, _("The changes were saved."))
        return redirect("people:detail", pk=person.pk)
    return render(
        request, "people/person_form.html", {"form": form, "languages": languages, "person": person}
    )


@staff_view(write=True)
def person_sensitive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk, write=True)
    sensitive = PersonSensitive.objects.filter(person=person).first()
    form = PersonSensitiveForm(
        request.POST or None, initial=PersonSensitiveForm.initial_for(sensitive)
    )
    if request.method == "POST" and form.is_valid():
        services.person_sensitive_update(actor=user, person=person, data=form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_sensitive_form.html", {"form": form, "person": person})


@staff_view(write=True)
def person_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk, write=True)
    form = PersonSharingForm(
        request.POST or None,
        person=person,
        initial={"offices": list(person.shared_with_offices.all())},
    )
    if request.method == "POST" and form.is_valid():
        services.person_set_shared_offices(
            actor=user, person=person, offices=list(form.cleaned_data["offices"])
        )
        messages.success(request, _("Sharing was updated."))
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_sharing_form.html", {"form": form, "person": person})


@require_POST
@staff_view(write=True)
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk, write=True)
    return archive_toggle_response(
        request,
        record=person,
        actions=ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED),
        detail_url_name="people:detail",
        archived_message=_("The person was archived."),
        restored_message=_("The person was restored."),
        office=person.office,
    )


@staff_view()
def person_guardians(request: HttpRequest, pk: int) -> HttpResponse:
    """Parents and guardians: contact data of third parties, read by the person's own office
    only (like consents), changed by its writing members."""
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk, write=request.method == "POST")
    if not user.works_in(person.office_id):
        raise PermissionDenied
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.guardian_add(actor=user, person=person, data=form.cleaned_data)
        messages.success(request, _("The parent or guardian was added."))
        return redirect("people:guardians", pk=person.pk)
    context = {
        "person": person,
        "guardians": person.guardians.all(),
        "form": form,
        "can_edit": may_write(user, person),
    }
    return render(request, "people/person_guardians.html", context)


@require_POST
@staff_view(write=True)
def guardian_remove(request: HttpRequest, pk: int, guardian_pk: int) -> HttpResponse:
    user = request_user(request)
    person = selectors.person_get_for_user(user, pk, write=True)
    guardian = get_object_or_404(person.guardians, pk=guardian_pk)
    services.guardian_remove(actor=user, guardian=guardian)
    messages.success(request, _("The parent or guardian was removed."))
    return redirect("people:guardians", pk=person.pk)
