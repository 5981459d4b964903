from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "kausa.vacancies"
    verbose_name = _("Apprenticeship places")
