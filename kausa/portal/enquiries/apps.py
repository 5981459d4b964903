from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalEnquiriesConfig(AppConfig):
    name = "kausa.portal.enquiries"
    label = "portal_enquiries"
    verbose_name = _("Counselling requests from the portal")
