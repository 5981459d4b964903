"""Audit codes of companies (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

COMPANY = "companies.company"
CREATED = register("companies.company.created", _("Company registered"), COMPANY)
UPDATED = register("companies.company.updated", _("Company changed"), COMPANY)
ARCHIVED = register("companies.company.archived", _("Company archived"), COMPANY)
RESTORED = register("companies.company.restored", _("Company restored"), COMPANY)
