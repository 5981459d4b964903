"""The team lead's side of the portal pages (under /staff/portal/content/): the list of
pages, a new page, the text of a page per language (each save is a new version, a draft
until published), the version history and a preview rendered like the portal does."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kausa.core.access import request_user, team_lead_view
from kausa.core.forms import apply_errors
from kausa.portal.content import selectors, services
from kausa.portal.content.forms import PageCreateForm, VersionForm
from kausa.portal.content.models import PagePurpose, VersionStatus
from kausa.portal.content.rendering import render_markdown


def _languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


@require_safe
@team_lead_view
def page_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    rows = []
    order = [purpose for purpose, _label in PagePurpose.choices]
    pages = sorted(selectors.page_list(user), key=lambda p: (order.index(p.purpose), p.slug))
    for page in pages:
        versions = list(page.versions.all())
        per_language = []
        for code, name in _languages():
            own = [version for version in versions if version.language == code]
            published = [v for v in own if v.status == VersionStatus.PUBLISHED]
            per_language.append(
                {
                    "code": code,
                    "name": name,
                    "published": bool(published),
                    "draft": bool(own) and own[0].status == VersionStatus.DRAFT,
                }
            )
        rows.append({"page": page, "languages": per_language})
    return render(request, "portal_content/staff/page_list.html", {"rows": rows})


@team_lead_view
def page_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = PageCreateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            page = services.page_create(
                actor=user,
                organisation=selectors.organisation_of(user),
                slug=form.cleaned_data["slug"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The page was created."))
            return redirect("portal_content_staff:edit", page.pk, settings.LANGUAGE_CODE)
    return render(request, "portal_content/staff/page_create.html", {"form": form})


@team_lead_view
def page_edit(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    user = request_user(request)
    page = selectors.page_get_for_user(user, pk)
    languages = dict(_languages())
    if language not in languages:
        raise Http404
    versions = list(selectors.versions_of(page, language))
    current = selectors.published_version(page, language)
    preview = None
    if request.method == "POST":
        form = VersionForm(request.POST)
        action = request.POST.get("action", "draft")
        if form.is_valid():
            if action == "preview":
                preview = render_markdown(form.cleaned_data["body_markdown"])
            else:
                try:
                    services.version_save(
                        actor=user,
                        page=page,
                        language=language,
                        title=form.cleaned_data["title"],
                        body_markdown=form.cleaned_data["body_markdown"],
                        publish=action == "publish",
                    )
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("The text was published.")
                        if action == "publish"
                        else _("The text was saved as a draft. The portal does not show it yet."),
                    )
                    return redirect("portal_content_staff:edit", page.pk, language)
    else:
        latest = versions[0] if versions else None
        initial = {"title": latest.title, "body_markdown": latest.body_markdown} if latest else {}
        form = VersionForm(initial=initial)
    bidi = translation.get_language_info(language)["bidi"]
    for name in ("title", "body_markdown"):  # typed in the page's language and direction
        form.fields[name].widget.attrs.update(lang=language, dir="rtl" if bidi else "ltr")
    return render(
        request,
        "portal_content/staff/page_edit.html",
        {
            "page": page,
            "language": language,
            "language_name": languages[language],
            "languages": _languages(),
            "form": form,
            "versions": versions,
            "current": current,
            "preview": preview,
        },
    )


@require_safe
@team_lead_view
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get_for_user(request_user(request), pk)
    return render(
        request,
        "portal_content/staff/version_detail.html",
        {
            "version": version,
            "page": version.page,
            "body": render_markdown(version.body_markdown),
            "current": selectors.published_version(version.page, version.language),
        },
    )


@require_POST
@team_lead_view
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    version = selectors.version_get_for_user(user, pk)
    services.version_publish(actor=user, version=version)
    messages.success(request, _("The text was published."))
    return redirect("portal_content_staff:edit", version.page_id, version.language)
