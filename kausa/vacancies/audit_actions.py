"""Audit codes of apprenticeship places (see core.audit_registry)."""

from django.utils.translation import pgettext_lazy

from kausa.core.audit_registry import register

VACANCY = "vacancies.vacancy"
CREATED = register(
    "vacancies.vacancy.created", pgettext_lazy("apprenticeship", "Place created"), VACANCY
)
UPDATED = register(
    "vacancies.vacancy.updated", pgettext_lazy("apprenticeship", "Place changed"), VACANCY
)
ARCHIVED = register(
    "vacancies.vacancy.archived", pgettext_lazy("apprenticeship", "Place archived"), VACANCY
)
RESTORED = register(
    "vacancies.vacancy.restored", pgettext_lazy("apprenticeship", "Place restored"), VACANCY
)
