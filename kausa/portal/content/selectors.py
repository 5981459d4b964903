"""Reads of the content pages: the public portal (the portal organisation's published
versions only) and the staff pages (the team lead's organisation only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kausa.core.geo import district_keys_for
from kausa.core.models import Office, Organisation, User
from kausa.portal.content.models import ContentPage, ContentVersion, PagePurpose, VersionStatus
from kausa.portal.tenancy import portal_organisation


def published_version(page: ContentPage, language: str) -> ContentVersion | None:
    """The newest published version of `page` in `language`."""
    return (
        page.versions.filter(language=language, status=VersionStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class PublicPage:
    page: ContentPage
    version: ContentVersion
    # True when the visitor's language has no published version and German is shown.
    fallback: bool


def public_page(
    *, language: str, slug: str | None = None, purpose: str | None = None
) -> PublicPage | None:
    """The page of the portal organisation in `language`, else in German; None if there is
    no such page or nothing of it is published."""
    organisation = portal_organisation()
    if organisation is None:
        return None
    pages = ContentPage.objects.filter(organisation=organisation)
    if slug is not None:
        pages = pages.filter(slug=slug)
    if purpose is not None:
        pages = pages.filter(purpose=purpose)
    page = pages.order_by("pk").first()
    if page is None:
        return None
    version = published_version(page, language)
    if version is not None:
        return PublicPage(page=page, version=version, fallback=False)
    version = published_version(page, settings.LANGUAGE_CODE)
    if version is None:
        return None
    return PublicPage(page=page, version=version, fallback=True)


def footer_pages(language: str) -> dict[str, Any]:
    """The published fixed-purpose pages of the portal organisation by purpose (for links)."""
    organisation = portal_organisation()
    if organisation is None:
        return {}
    pages = ContentPage.objects.filter(organisation=organisation).exclude(
        purpose=PagePurpose.CUSTOM
    )
    published = ContentVersion.objects.filter(
        page__in=pages, status=VersionStatus.PUBLISHED, language__in={language, "de"}
    ).values_list("page_id", flat=True)
    shown = set(published)
    return {page.purpose: page for page in pages if page.pk in shown}


# --- the office finder ------------------------------------------------------------------


def offices_for_postal_code(postal_code: str) -> list[Office] | None:
    """The portal organisation's offices responsible for a German postal code: the office
    serving the code's district (the main district first), else an office located there.
    None if the postal code is unknown; an empty list if no office is responsible."""
    keys = district_keys_for(postal_code)
    if not keys:
        return None
    organisation = portal_organisation()
    if organisation is None:
        return []
    offices = Office.objects.filter(organisation=organisation).select_related("district")
    for key in keys:
        serving = list(offices.filter(districts_served__pk=key).distinct().order_by("name"))
        if serving:
            return serving
    for key in keys:
        located = list(offices.filter(district_id=key).order_by("name"))
        if located:
            return located
    return []


def all_portal_offices() -> list[Office]:
    organisation = portal_organisation()
    if organisation is None:
        return []
    return list(
        Office.objects.filter(organisation=organisation).select_related("district").order_by("name")
    )


# --- staff ------------------------------------------------------------------------------


def page_list(user: User) -> QuerySet[ContentPage]:
    return ContentPage.objects.filter(organisation_id=user.organisation_pk).prefetch_related(
        "versions"
    )


def page_get_for_user(user: User, pk: Any) -> ContentPage:
    """A page of the user's organisation (404 otherwise)."""
    return get_object_or_404(
        ContentPage.objects.filter(organisation_id=user.organisation_pk), pk=pk
    )


def version_get_for_user(user: User, pk: Any) -> ContentVersion:
    return get_object_or_404(
        ContentVersion.objects.filter(page__organisation_id=user.organisation_pk).select_related(
            "page", "created_by", "published_by"
        ),
        pk=pk,
    )


def versions_of(page: ContentPage, language: str) -> QuerySet[ContentVersion]:
    return page.versions.filter(language=language).select_related("created_by", "published_by")


def organisation_of(user: User) -> Organisation:
    return Organisation.objects.get(pk=user.organisation_pk)
