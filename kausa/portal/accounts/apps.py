from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalAccountsConfig(AppConfig):
    name = "kausa.portal.accounts"
    label = "portal_accounts"
    verbose_name = _("Portal accounts")
