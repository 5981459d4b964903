from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    """The staff start pages that draw on several domain apps (kept out of `core`)."""

    name = "kausa.workbench"
    verbose_name = _("Overview and tasks")
