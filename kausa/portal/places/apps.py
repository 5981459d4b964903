from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalPlacesConfig(AppConfig):
    name = "kausa.portal.places"
    label = "portal_places"
    verbose_name = _("Public apprenticeship places")
