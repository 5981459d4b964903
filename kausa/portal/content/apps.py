from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalContentConfig(AppConfig):
    name = "kausa.portal.content"
    label = "portal_content"
    verbose_name = _("Portal content pages")
