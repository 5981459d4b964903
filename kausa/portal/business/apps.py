from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalBusinessConfig(AppConfig):
    name = "kausa.portal.business"
    label = "portal_business"
    verbose_name = _("Company portal")
