"""This sub-domain's rows of the portal permission matrix (kausa/portal/tests/test_portal_matrix.py)
and of the staff permission matrix (kausa/core/tests/test_permission_matrix.py)."""

from __future__ import annotations

from typing import Any

# route -> (record kind its args name, or None; {method: policy}); see the portal matrix.
PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_content:training": ("content_training", {"get": "public"}),
    "portal_content:page": ("content_page", {"get": "public"}),
    "portal_content:offices": (None, {"get": "public"}),
}
# Routes whose only key is a signed token in the URL, tested in this app's own tests.
TOKEN_ROUTES: set[str] = set()
# Staff routes: same format as kausa/core/tests/test_permission_matrix.py's MATRIX.
STAFF_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal_content_staff:list": (None, {"get": "lead_only"}),
    "portal_content_staff:create": (None, {"get": "lead_only", "post": "lead_only"}),
    "portal_content_staff:edit": (
        "content_page_language",
        {"get": "org_lead_write", "post": "org_lead_write"},
    ),
    "portal_content_staff:version": ("content_version", {"get": "org_lead_write"}),
    "portal_content_staff:publish": ("content_version", {"post": "org_lead_write"}),
}


def _published_page(organisation: Any, slug: str, purpose: str) -> Any:
    from kausa.portal.content.models import ContentPage, ContentVersion, VersionStatus

    page, _created = ContentPage.objects.get_or_create(
        organisation=organisation, slug=slug, defaults={"purpose": purpose}
    )
    if not page.versions.filter(status=VersionStatus.PUBLISHED, language="de").exists():
        ContentVersion.objects.create(
            page=page,
            language="de",
            title=f"Seite {slug}",
            body_markdown="Ein **kurzer** Text.",
            status=VersionStatus.PUBLISHED,
            published_at="2026-01-05T10:00:00+01:00",
        )
    return page


def portal_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of PORTAL_MATRIX, built fresh for one route."""
    _published_page(world.organisation, "ausbildung", "training")
    page = _published_page(world.organisation, "matrix-seite", "custom")
    return {"content_training": [], "content_page": [page.slug]}


def staff_records(world: Any) -> dict[str, list[Any]]:
    """URL args per record kind of STAFF_MATRIX. `world` carries the staff matrix's records as
    lists of URL args (world.person == [pk], world.company, world.vacancy, …) and the objects
    world.organisation, world.office_a and world.counsellor_a."""
    from kausa.portal.content.models import ContentVersion

    page = _published_page(world.organisation, "matrix-seite", "custom")
    draft = ContentVersion.objects.create(
        page=page, language="de", title="Entwurf", body_markdown="Noch nicht fertig."
    )
    return {"content_page_language": [page.pk, "de"], "content_version": [draft.pk]}
