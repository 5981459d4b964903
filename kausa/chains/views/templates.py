"""Process chain templates: everyone reads them; team leads version, edit and publish them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kausa.chains import selectors
from kausa.chains.forms import LANGUAGE_NAMES, PublishForm, StepForm, TemplateForm
from kausa.chains.models import ChainStep, ChainTemplate, DistrictPartner, TemplateStatus
from kausa.chains.services import district_partners as district_services
from kausa.chains.services import templates as template_services
from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.core.actions import run_action
from kausa.core.forms import apply_errors
from kausa.core.models import District
from kausa.partners.models import Partner

PUBLISHED_IS_FROZEN = gettext_lazy(
    "A published version cannot be changed. Create a new version to edit it."
)


@staff_view()
def template_list(request: HttpRequest) -> HttpResponse:
    templates = selectors.chain_template_list(request_user(request))
    return render(request, "chains/template_list.html", {"templates": templates})


@staff_view()
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    template = selectors.chain_template_get_for_user(user, pk)
    districts = list(selectors.organisation_districts(user))
    missing = district_services.missing_partners(template, districts)
    missing_by_district: dict[str, list[ChainStep]] = defaultdict(list)
    for district, step in missing:
        missing_by_district[district.pk].append(step)
    steps = list(template.steps.all())
    context = {
        "template": template,
        "steps": steps,
        "step_states": [(step, _state_badges(selectors.translation_state(step))) for step in steps],
        "template_states": _state_badges(selectors.translation_state(template)),
        "is_team_lead": user.can_configure,
        "missing": missing,
        "missing_districts": [
            (district, missing_by_district[district.pk])
            for district in districts
            if district.pk in missing_by_district
        ],
        "versions": selectors.chain_template_versions(template),
        "runs": template.runs.count(),
    }
    return render(request, "chains/template_detail.html", context)


def _state_badges(states: dict[str, str]) -> list[tuple[str, str, str]]:
    """(language code, its name, state) for the languages not complete."""
    return [
        (code, str(LANGUAGE_NAMES[code]), state)
        for code, state in states.items()
        if state != "complete"
    ]


def _template_to_change(request: HttpRequest, pk: int) -> ChainTemplate:
    return selectors.chain_template_get_for_user(request_user(request), pk, write=True)


@require_POST
@team_lead_view
def template_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_to_change(request, pk)
    copy = run_action(
        request,
        lambda: template_services.chain_template_new_version(
            actor=request_user(request), template=template
        ),
        success=_("A new draft version was created."),
    )
    return redirect("chains:template", pk=(copy or template).pk)


@require_http_methods(["GET", "POST"])
@team_lead_view
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_to_change(request, pk)
    if not template.is_editable:
        messages.error(request, PUBLISHED_IS_FROZEN)
        return redirect("chains:template", pk=template.pk)
    form = TemplateForm(request.POST or None, initial=TemplateForm.initial_for(template))
    if request.method == "POST" and form.is_valid():
        try:
            template_services.chain_template_update(
                actor=request_user(request),
                template=template,
                texts=form.texts(),
                valid_from=form.cleaned_data["valid_from"],
                confirmed_languages=form.cleaned_data["confirmed_languages"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("chains:template", pk=template.pk)
    return render(request, "chains/template_form.html", {"template": template, "form": form})


@require_http_methods(["GET", "POST"])
@team_lead_view
def template_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what publishing this version means, to confirm; POST (with the box ticked): publish.

    Publishing retires the version published before and cannot be undone."""
    template = _template_to_change(request, pk)
    if not template.is_editable:
        messages.error(request, PUBLISHED_IS_FROZEN)
        return redirect("chains:template", pk=template.pk)
    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        run_action(
            request,
            lambda: template_services.chain_template_publish(
                actor=request_user(request), template=template
            ),
            success=_("The version was published."),
        )
        return redirect("chains:template", pk=template.pk)
    current = ChainTemplate.objects.filter(
        organisation_id=template.organisation_id,
        key=template.key,
        status=TemplateStatus.PUBLISHED,
    ).first()
    user = request_user(request)
    missing = district_services.missing_partners(
        template, list(selectors.organisation_districts(user))
    )
    context = {
        "template": template,
        "form": form,
        "steps": template.steps.count(),
        "current": current,
        "running": current.runs.count() if current else 0,
        "template_states": _state_badges(selectors.translation_state(template)),
        "missing": len(missing),
    }
    return render(request, "chains/template_publish.html", context)


@require_http_methods(["GET", "POST"])
@team_lead_view
def step_edit(request: HttpRequest, pk: int, step_pk: int | None = None) -> HttpResponse:
    template = _template_to_change(request, pk)
    step = template.steps.filter(pk=step_pk).first() if step_pk else None
    if step_pk and step is None:
        raise Http404
    if not template.is_editable:
        messages.error(request, PUBLISHED_IS_FROZEN)
        return redirect("chains:template", pk=template.pk)
    form = StepForm(request.POST or None, initial=StepForm.initial_for(step) if step else None)
    if request.method == "POST" and form.is_valid():
        try:
            template_services.chain_step_save(
                actor=request_user(request),
                template=template,
                step=step,
                key=form.cleaned_data["key"],
                data=form.step_data(),
                confirmed_languages=form.cleaned_data["confirmed_languages"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("chains:template", pk=template.pk)
    return render(
        request, "chains/step_form.html", {"template": template, "step": step, "form": form}
    )


@require_POST
@team_lead_view
def step_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete or move a step of a draft."""
    user = request_user(request)
    step = selectors.chain_step_get_for_user(user, pk, write=True)
    action = request.POST.get("action")
    try:
        if action == "delete":
            template_services.chain_step_delete(actor=user, step=step)
        else:
            template_services.chain_step_move(actor=user, step=step, up=action == "up")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("chains:template", pk=step.template_id)


@require_http_methods(["GET", "POST"])
@team_lead_view
def district_partners(request: HttpRequest, pk: int) -> HttpResponse:
    """The district variant: per district and partner type, the concrete partner."""
    user = request_user(request)
    template = selectors.chain_template_get_for_user(user, pk, write=True)
    districts = list(selectors.organisation_districts(user))
    types = sorted({step.partner_type for step in district_services.partner_steps(template)})
    if request.method != "POST":
        return render(
            request,
            "chains/district_partners.html",
            _matrix_context(template, districts, types),
        )
    try:
        if "fill" in request.POST:
            filled = district_services.district_partners_fill(
                actor=user, template=template, districts=districts
            )
            messages.success(
                request,
                _("%(count)d partners taken from the network directory.") % {"count": filled},
            )
        else:
            district_services.district_partners_save(
                actor=user,
                template=template,
                districts=districts,
                types=types,
                cells=request.POST.dict(),
            )
            messages.success(request, _("Saved."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("chains:district_partners", pk=template.pk)


def _matrix_context(
    template: ChainTemplate, districts: list[District], types: list[str]
) -> dict[str, Any]:
    assigned = {
        (row.district_id, row.partner_type): row.partner_id
        for row in DistrictPartner.objects.filter(template=template)
    }
    partners = Partner.objects.filter(
        organisation_id=template.organisation_id, partner_type__in=types, archived_at__isnull=True
    ).order_by("name")
    by_type: dict[str, list[Partner]] = defaultdict(list)
    for partner in partners:
        by_type[partner.partner_type].append(partner)
    type_labels = dict(Partner._meta.get_field("partner_type").choices or [])
    rows = [
        {
            "district": district,
            "cells": [
                {
                    "type": kind,
                    "name": f"p-{district.pk}-{kind}",
                    "options": by_type[kind],
                    "selected": assigned.get((district.pk, kind)),
                }
                for kind in types
            ],
        }
        for district in districts
    ]
    return {
        "template": template,
        "types": [(kind, type_labels.get(kind, kind)) for kind in types],
        "rows": rows,
        "editable": template.status != TemplateStatus.RETIRED,
    }
