"""Audit codes of the company portal (see core.audit_registry). The company user acts
without a staff actor (`actor=None`); the entries name the record, never personal data."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

VACANCY = "vacancies.vacancy"
COMPANY = "companies.company"
CHAIN_RUN = "chains.chainrun"

PLACE_CREATED = register(
    "portal.business.place_created", _("Place entered by the company on the portal"), VACANCY
)
PLACE_CHANGED = register(
    "portal.business.place_changed", _("Place changed by the company on the portal"), VACANCY
)
PLACE_CLOSED = register(
    "portal.business.place_closed", _("Place closed by the company on the portal"), VACANCY
)
PROFILE_CHANGED = register(
    "portal.business.profile_changed", _("Company profile changed on the portal"), COMPANY
)
HANDOUT_DOWNLOADED = register(
    "portal.business.handout_downloaded",
    _("Process chain hand-out downloaded on the portal"),
    CHAIN_RUN,
)
