"""Audit codes of the portal's my-data pages (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

PERSON = "people.person"
REQUEST = "portal_mydata.datarequest"
LINK_SENT = register("portal.mydata.link_sent", _("My-data link sent to the person"), PERSON)
LINK_OPENED = register("portal.mydata.link_opened", _("Person opened their my-data link"), PERSON)
REQUEST_CREATED = register(
    "portal.mydata.request_created", _("Data request received from the portal"), REQUEST
)
REQUEST_DONE = register("portal.mydata.request_done", _("Data request confirmed"), REQUEST)
REQUEST_REFUSED = register("portal.mydata.request_refused", _("Data request refused"), REQUEST)
