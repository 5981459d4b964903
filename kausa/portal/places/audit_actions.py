"""Audit codes of the portal's public places (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PUBLICATION = "portal_places.placepublication"
REQUESTED = register(
    "portal.place.publication_requested", _("Place submitted for the portal"), PUBLICATION
)
APPROVED = register(
    "portal.place.publication_approved", _("Place approved for the portal"), PUBLICATION
)
REJECTED = register(
    "portal.place.publication_rejected", _("Place not approved for the portal"), PUBLICATION
)
WITHDRAWN = register(
    "portal.place.publication_withdrawn", _("Place taken off the portal"), PUBLICATION
)
