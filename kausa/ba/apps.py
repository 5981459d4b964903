from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaConfig(AppConfig):
    name = "kausa.ba"
    label = "ba"
    verbose_name = _("Job agency import")
