from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BskConfig(AppConfig):
    name = "kausa.bsk"
    verbose_name = _("Job-language courses for apprentices")
