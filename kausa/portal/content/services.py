"""Writes of the content pages: create a page, save a version (a draft), publish a version.
Team leads and administrators only (`require_configure`); every write is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import require_configure
from kausa.core.audit import audit_log
from kausa.core.models import Organisation, User
from kausa.portal.content import audit_actions
from kausa.portal.content.defaults import DEFAULT_PAGES
from kausa.portal.content.models import ContentPage, ContentVersion, PagePurpose, VersionStatus


def _check_organisation(actor: User, organisation_id: int) -> None:
    require_configure(actor)
    if actor.organisation_pk != organisation_id:
        raise ValidationError(_("This page belongs to another organisation."))


@transaction.atomic
def page_create(
    *, actor: User | None, organisation: Organisation, slug: str, purpose: str
) -> ContentPage:
    if actor is not None:
        _check_organisation(actor, organisation.pk)
    page = ContentPage(organisation=organisation, slug=slug, purpose=purpose)
    page.full_clean()
    page.save()
    audit_log(actor=actor, action=audit_actions.PAGE_CREATED, obj=page)
    return page


@transaction.atomic
def version_save(
    *,
    actor: User | None,
    page: ContentPage,
    language: str,
    title: str,
    body_markdown: str,
    publish: bool = False,
) -> ContentVersion:
    """A new version of the page in `language` (older versions stay as they are), saved as a
    draft, or published right away with `publish`."""
    if actor is not None:
        _check_organisation(actor, page.organisation_id)
    version = ContentVersion(
        page=page,
        language=language,
        title=title,
        body_markdown=body_markdown,
        status=VersionStatus.DRAFT,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    audit_log(
        actor=actor,
        action=audit_actions.VERSION_SAVED,
        obj=version,
        changed_fields=["title", "body_markdown"],
    )
    if publish:
        version_publish(actor=actor, version=version)
    return version


@transaction.atomic
def version_publish(*, actor: User | None, version: ContentVersion) -> ContentVersion:
    """The version becomes the one the portal shows in its language (it is the newest
    published one); a version already published is published again, on top."""
    if actor is not None:
        _check_organisation(actor, version.page.organisation_id)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.save(update_fields=["status", "published_at", "published_by"])
    audit_log(
        actor=actor,
        action=audit_actions.VERSION_PUBLISHED,
        obj=version,
        changed_fields=["status", "published_at"],
    )
    return version


@transaction.atomic
def content_defaults(organisation: Organisation) -> list[ContentPage]:
    """The training, help, privacy and imprint pages in German (published), for each of
    them that the organisation does not have yet. Returns the pages created."""
    created = []
    for spec in DEFAULT_PAGES:
        exists = ContentPage.objects.filter(organisation=organisation).filter(
            purpose=spec.purpose
        ) | ContentPage.objects.filter(organisation=organisation, slug=spec.slug)
        if exists.exists():
            continue
        page = page_create(
            actor=None, organisation=organisation, slug=spec.slug, purpose=spec.purpose
        )
        version_save(
            actor=None,
            page=page,
            language="de",
            title=spec.title,
            body_markdown=spec.body,
            publish=True,
        )
        created.append(page)
    return created


__all__ = ["PagePurpose", "content_defaults", "page_create", "version_publish", "version_save"]
