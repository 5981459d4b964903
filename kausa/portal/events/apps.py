from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalEventsConfig(AppConfig):
    name = "kausa.portal.events"
    label = "portal_events"
    verbose_name = _("Events on the portal")
