"""Audit codes of the job agency import (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

IMPORT_RUN = "ba.importrun"
IMPORT_STARTED = register("ba.import.started", _("Job agency import started"), IMPORT_RUN)
# Written by the worker or the command when a run ends; changed_fields names the counts that
# are not zero (what was fetched, created, closed, rejected), never values.
IMPORT_FINISHED = register("ba.import.finished", _("Job agency import finished"), IMPORT_RUN)
