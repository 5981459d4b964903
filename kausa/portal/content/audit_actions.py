"""Audit codes of the portal's content pages (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PAGE = "portal_content.contentpage"
VERSION = "portal_content.contentversion"
PAGE_CREATED = register("portal.content.page_created", _("Portal page created"), PAGE)
VERSION_SAVED = register(
    "portal.content.version_saved", _("Portal page text saved as draft"), VERSION
)
VERSION_PUBLISHED = register(
    "portal.content.version_published", _("Portal page text published"), VERSION
)
