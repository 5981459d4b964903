"""Audit codes of counselling requests from the portal (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

ENQUIRY = "portal_enquiries.enquiry"
CONSENT_TEXT = "portal_enquiries.enquiryconsenttext"

SUBMITTED = register("portal.enquiry.submitted", _("Counselling request sent (portal)"), ENQUIRY)
CONFIRMED = register(
    "portal.enquiry.email_confirmed", _("Counselling request: email confirmed"), ENQUIRY
)
PARENT_CONSENTED = register(
    "portal.enquiry.parent_consented", _("Counselling request: parent agreed"), ENQUIRY
)
OPENED = register("portal.enquiry.opened", _("Counselling request passed to the office"), ENQUIRY)
TAKEN_OVER = register("portal.enquiry.taken_over", _("Counselling request taken over"), ENQUIRY)
CLOSED = register("portal.enquiry.closed", _("Counselling request closed"), ENQUIRY)
DELETED_UNCONFIRMED = register(
    "portal.enquiry.deleted_unconfirmed",
    _("Counselling request deleted: link not used in time"),
    ENQUIRY,
)
CONSENT_TEXT_CREATED = register(
    "portal.enquiry.consent_text_created",
    _("Consent text of the request form created"),
    CONSENT_TEXT,
)
