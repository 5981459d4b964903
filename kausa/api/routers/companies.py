"""Companies (Betriebe), shared by the offices of an organisation.

Input is checked by the staff pages' forms (`CompanyForm`, the contact rows), so the same rules
and German messages apply; companies are registered for the token owner's organisation.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import (
    ShortText,
    Text,
    check_all,
    check_form,
    check_formset,
    formset_data,
    list_filters,
    patched,
)
from kausa.companies import audit_actions, selectors, services
from kausa.companies.forms import CompanyFilterForm, CompanyForm
from kausa.companies.models import Company
from kausa.companies.services import COMPANY_FIELDS
from kausa.core.access import WriteDenied
from kausa.core.archiving import ArchiveActions, record_set_archived
from kausa.core.forms import MAX_CONTACTS, contact_formset

router = Router()
CompanyId = Path[RecordId]
ARCHIVE_ACTIONS = ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED)


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class CompanyOut(Schema):
    id: int
    name: str
    street: str
    postal_code: str
    place: str
    district_key: str
    size: str
    sector: str
    is_sme: bool
    migrant_led: bool
    training_status: str
    competent_body: str
    email: str
    phone: str
    website: str
    source: str
    languages: list[str]
    contacts: list[ContactOut]
    archived: bool

    @staticmethod
    def resolve_district_key(company: Company) -> str:
        return company.district_id

    @staticmethod
    def resolve_languages(company: Company) -> list[str]:
        return sorted(item.language for item in company.languages.all())

    @staticmethod
    def resolve_contacts(company: Company) -> list[Any]:
        return sorted(company.contacts.all(), key=lambda contact: contact.pk)

    @staticmethod
    def resolve_archived(company: Company) -> bool:
        return company.archived_at is not None


class ContactIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: ShortText
    role: ShortText = ""
    email: ShortText = ""
    phone: ShortText = ""


class CompanyPatch(Schema):
    """Fields left out stay as they are; `languages` and `contacts` replace the lists."""

    model_config = ConfigDict(extra="forbid")

    name: ShortText | None = None
    street: ShortText | None = None
    postal_code: ShortText | None = None
    place: ShortText | None = None
    size: ShortText | None = None
    sector: ShortText | None = None
    migrant_led: bool | None = None
    training_status: ShortText | None = None
    competent_body: ShortText | None = None
    email: ShortText | None = None
    phone: ShortText | None = None
    website: ShortText | None = None
    languages: list[ShortText] | None = Field(default=None, max_length=50)
    contacts: list[ContactIn] | None = Field(default=None, max_length=MAX_CONTACTS)


class CompanyCreate(CompanyPatch):
    name: ShortText
    postal_code: ShortText
    size: ShortText
    sector: ShortText
    competent_body: ShortText


class CompanyListFilters(Schema):
    q: Text = Field(default="", max_length=100)
    include_archived: bool = False
    district: ShortText | None = Field(default=None, description="district key (AGS)")
    training_status: ShortText | None = None
    size: ShortText | None = None
    sector: ShortText | None = None
    migrant_led: bool = False
    cursor: ShortText | None = None
    limit: int = DEFAULT_LIMIT


def _stored(company: Company) -> dict[str, Any]:
    return {name: getattr(company, name) for name in COMPANY_FIELDS}


def _validated(
    request_data: dict[str, Any], current: dict[str, Any], current_languages: list[str]
) -> tuple[dict[str, Any], list[str] | None, list[dict[str, str]] | None]:
    """The company's fields, languages and contacts (None: not sent, stays)."""
    contacts = request_data.pop("contacts", None)
    languages = request_data.get("languages")
    form = CompanyForm(patched({**current, "languages": current_languages}, request_data))
    rows = contact_formset(formset_data("contacts", contacts or []))
    check_all(
        lambda: check_form(form),
        lambda: check_formset(rows, "contacts") if contacts is not None else None,
    )
    new_contacts = rows.contacts() if contacts is not None else None
    new_languages = list(form.cleaned_data["languages"]) if languages is not None else None
    return form.company_data(), new_languages, new_contacts


@router.get("/", response={200: Page[CompanyOut], **ERRORS}, url_name="company_list")
def company_list(request: HttpRequest, filters: Query[CompanyListFilters]) -> dict[str, object]:
    user = api_user(request)
    form = CompanyFilterForm(filters.dict(exclude={"cursor", "limit"}, exclude_none=True))
    companies = selectors.company_list(user, list_filters(selectors.CompanyFilters, form))
    companies = companies.prefetch_related("languages", "contacts")
    items, next_cursor = cursor_page(companies, filters.cursor, filters.limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/", response={201: CompanyOut, **ERRORS}, url_name="company_create")
def company_create(request: HttpRequest, payload: CompanyCreate) -> Status[Company]:
    user = api_writer(request)
    if user.organisation is None or not user.can_write_shared(user.organisation_id):
        raise WriteDenied  # before the input is checked
    data, languages, contacts = _validated(payload.dict(exclude_unset=True), _stored(Company()), [])
    company = services.company_create(
        actor=user,
        organisation=user.organisation,
        data=data,
        languages=languages or (),
        contacts=contacts or (),
    )
    return Status(201, company)


@router.get("/{company_id}", response={200: CompanyOut, **ERRORS}, url_name="company_detail")
def company_detail(request: HttpRequest, company_id: CompanyId) -> Company:
    return selectors.company_get_for_user(api_user(request), company_id)


@router.patch("/{company_id}", response={200: CompanyOut, **ERRORS}, url_name="company_update")
def company_update(request: HttpRequest, company_id: CompanyId, payload: CompanyPatch) -> Company:
    user = api_writer(request)
    company = selectors.company_get_for_user(user, company_id, write=True)
    current_languages = list(company.languages.values_list("language", flat=True))
    data, languages, contacts = _validated(
        payload.dict(exclude_unset=True), _stored(company), current_languages
    )
    return services.company_update(
        actor=user, company=company, data=data, languages=languages, contacts=contacts
    )


@router.post(
    "/{company_id}/archive", response={200: CompanyOut, **ERRORS}, url_name="company_archive"
)
def company_archive(request: HttpRequest, company_id: CompanyId) -> Company:
    return _set_archived(request, company_id, archived=True)


@router.post(
    "/{company_id}/restore", response={200: CompanyOut, **ERRORS}, url_name="company_restore"
)
def company_restore(request: HttpRequest, company_id: CompanyId) -> Company:
    return _set_archived(request, company_id, archived=False)


def _set_archived(request: HttpRequest, company_id: int, *, archived: bool) -> Company:
    user = api_writer(request)
    company = selectors.company_get_for_user(user, company_id, write=True)
    record_set_archived(actor=user, record=company, archived=archived, actions=ARCHIVE_ACTIONS)
    return company
