"""Audit codes of the demo loader: one per kind of record it creates (see core.audit_registry)."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

# object type → code, so the loader never builds a code from a model name at run time
DEMO_CREATED = {
    "core.organisation": register(
        "demo.organisation.created", _("Demo organisation created"), "core.organisation"
    ),
    "core.office": register("demo.office.created", _("Demo office created"), "core.office"),
    "core.user": register("demo.user.created", _("Demo staff account created"), "core.user"),
    "people.person": register("demo.person.created", _("Demo person created"), "people.person"),
    "companies.company": register(
        "demo.company.created", _("Demo company created"), "companies.company"
    ),
    "vacancies.vacancy": register(
        "demo.vacancy.created", _("Demo place created"), "vacancies.vacancy"
    ),
    "partners.partner": register(
        "demo.partner.created", _("Demo partner created"), "partners.partner"
    ),
    "counselling.case": register("demo.case.created", _("Demo case created"), "counselling.case"),
    "portal_places.placepublication": register(
        "demo.place_publication.created",
        _("Demo place shown on the portal"),
        "portal_places.placepublication",
    ),
    "portal_enquiries.enquiry": register(
        "demo.enquiry.created",
        _("Demo counselling request from the portal"),
        "portal_enquiries.enquiry",
    ),
    "portal_accounts.companyregistration": register(
        "demo.company_registration.created",
        _("Demo company registration"),
        "portal_accounts.companyregistration",
    ),
    "portal_accounts.portalaccount": register(
        "demo.portal_account.created",
        _("Demo company user created"),
        "portal_accounts.portalaccount",
    ),
}
