from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "kausa.placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from kausa.placements import signals

        signals.connect()
