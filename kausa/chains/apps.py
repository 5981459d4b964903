from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "kausa.chains"
    verbose_name = _("Process chains")
