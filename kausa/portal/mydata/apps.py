from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalMydataConfig(AppConfig):
    name = "kausa.portal.mydata"
    label = "portal_mydata"
    verbose_name = _("My data (portal)")
