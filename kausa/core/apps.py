from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "kausa.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from kausa.core.reference_sync import sync_reference_after_migrate

        # Districts and occupations mirror the shipped reference files; keeping them in
        # step after every migrate means a fresh database is usable at once.
        post_migrate.connect(sync_reference_after_migrate, sender=self)

        from django.utils.module_loading import autodiscover_modules

        # Every app declares its audit codes in `audit_actions.py` (see core.audit_registry).
        autodiscover_modules("audit_actions")
