from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    name = "kausa.counselling"
    verbose_name = _("Counselling and referral")
