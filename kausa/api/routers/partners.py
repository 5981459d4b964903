"""Network partners, shared by the offices of an organisation.

Input is checked by the staff pages' forms (`PartnerForm`, the contact rows), so the same
rules and German messages apply; partners join the token owner's organisation's directory.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import ConfigDict, Field

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.routers.companies import ContactIn, ContactOut
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
from kausa.core.access import WriteDenied
from kausa.core.archiving import ArchiveActions, record_set_archived
from kausa.core.forms import MAX_CONTACTS, contact_formset
from kausa.partners import audit_actions, selectors, services
from kausa.partners.forms import PartnerFilterForm, PartnerForm
from kausa.partners.models import Partner
from kausa.partners.services import PARTNER_FIELDS

router = Router()
PartnerId = Path[RecordId]
ARCHIVE_ACTIONS = ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED)
# The form's field names as the API spells them.
RENAMED = {"districts": "district_keys", "topics": "topic_ids"}
FROM_API = {api_name: name for name, api_name in RENAMED.items()}


class PartnerOut(Schema):
    id: int
    name: str
    partner_type: str
    district_keys: list[str]
    topic_ids: list[int]
    street: str
    postal_code: str
    place: str
    email: str
    phone: str
    website: str
    contacts: list[ContactOut]
    archived: bool

    @staticmethod
    def resolve_district_keys(partner: Partner) -> list[str]:
        return sorted(district.pk for district in partner.districts.all())

    @staticmethod
    def resolve_topic_ids(partner: Partner) -> list[int]:
        return sorted(topic.pk for topic in partner.topics.all())

    @staticmethod
    def resolve_contacts(partner: Partner) -> list[Any]:
        return sorted(partner.contacts.all(), key=lambda contact: contact.pk)

    @staticmethod
    def resolve_archived(partner: Partner) -> bool:
        return partner.archived_at is not None


class PartnerPatch(Schema):
    """Fields left out stay as they are; the lists replace the stored ones."""

    model_config = ConfigDict(extra="forbid")

    name: ShortText | None = None
    partner_type: ShortText | None = None
    district_keys: list[ShortText] | None = Field(default=None, max_length=500)
    topic_ids: list[RecordId] | None = Field(default=None, max_length=200)
    street: ShortText | None = None
    postal_code: ShortText | None = None
    place: ShortText | None = None
    email: ShortText | None = None
    phone: ShortText | None = None
    website: ShortText | None = None
    contacts: list[ContactIn] | None = Field(default=None, max_length=MAX_CONTACTS)


class PartnerCreate(PartnerPatch):
    name: ShortText
    partner_type: ShortText
    district_keys: list[ShortText] = Field(max_length=500)


class PartnerListFilters(Schema):
    q: Text = Field(default="", max_length=100)
    include_archived: bool = False
    partner_type: ShortText | None = None
    district: ShortText | None = Field(default=None, description="district key (AGS)")
    topic: RecordId | None = None
    cursor: ShortText | None = None
    limit: int = DEFAULT_LIMIT


def _current(partner: Partner | None) -> dict[str, Any]:
    if partner is not None:
        return PartnerForm.initial_for(partner)
    defaults = Partner()
    return {name: getattr(defaults, name) for name in PARTNER_FIELDS}


def _validated(
    partner: Partner | None, request_data: dict[str, Any]
) -> tuple[PartnerForm, list[dict[str, str]] | None]:
    contacts = request_data.pop("contacts", None)
    changes = {FROM_API.get(name, name): value for name, value in request_data.items()}
    form = PartnerForm(patched(_current(partner), changes))
    rows = contact_formset(formset_data("contacts", contacts or []))
    check_all(
        lambda: check_form(form, RENAMED),
        lambda: check_formset(rows, "contacts") if contacts is not None else None,
    )
    return form, rows.contacts() if contacts is not None else None


@router.get("/", response={200: Page[PartnerOut], **ERRORS}, url_name="partner_list")
def partner_list(request: HttpRequest, filters: Query[PartnerListFilters]) -> dict[str, object]:
    user = api_user(request)
    form = PartnerFilterForm(filters.dict(exclude={"cursor", "limit"}, exclude_none=True))
    partners = selectors.partner_list(user, list_filters(selectors.PartnerFilters, form))
    partners = partners.prefetch_related("districts", "topics", "contacts")
    items, next_cursor = cursor_page(partners, filters.cursor, filters.limit)
    return {"items": items, "next_cursor": next_cursor}


@router.post("/", response={201: PartnerOut, **ERRORS}, url_name="partner_create")
def partner_create(request: HttpRequest, payload: PartnerCreate) -> Status[Partner]:
    user = api_writer(request)
    if user.organisation is None or not user.can_write_shared(user.organisation_id):
        raise WriteDenied  # before the input is checked
    form, contacts = _validated(None, payload.dict(exclude_unset=True))
    partner = services.partner_create(
        actor=user,
        organisation=user.organisation,
        data=form.partner_data(),
        districts=list(form.cleaned_data["districts"]),
        topics=list(form.cleaned_data["topics"]),
        contacts=contacts or (),
    )
    return Status(201, partner)


@router.get("/{partner_id}", response={200: PartnerOut, **ERRORS}, url_name="partner_detail")
def partner_detail(request: HttpRequest, partner_id: PartnerId) -> Partner:
    return selectors.partner_get_for_user(api_user(request), partner_id)


@router.patch("/{partner_id}", response={200: PartnerOut, **ERRORS}, url_name="partner_update")
def partner_update(request: HttpRequest, partner_id: PartnerId, payload: PartnerPatch) -> Partner:
    user = api_writer(request)
    partner = selectors.partner_get_for_user(user, partner_id, write=True)
    sent = payload.dict(exclude_unset=True)
    form, contacts = _validated(partner, dict(sent))
    return services.partner_update(
        actor=user,
        partner=partner,
        data=form.partner_data(),
        districts=list(form.cleaned_data["districts"]) if "district_keys" in sent else None,
        topics=list(form.cleaned_data["topics"]) if "topic_ids" in sent else None,
        contacts=contacts,
    )


@router.post(
    "/{partner_id}/archive", response={200: PartnerOut, **ERRORS}, url_name="partner_archive"
)
def partner_archive(request: HttpRequest, partner_id: PartnerId) -> Partner:
    return _set_archived(request, partner_id, archived=True)


@router.post(
    "/{partner_id}/restore", response={200: PartnerOut, **ERRORS}, url_name="partner_restore"
)
def partner_restore(request: HttpRequest, partner_id: PartnerId) -> Partner:
    return _set_archived(request, partner_id, archived=False)


def _set_archived(request: HttpRequest, partner_id: int, *, archived: bool) -> Partner:
    user = api_writer(request)
    partner = selectors.partner_get_for_user(user, partner_id, write=True)
    record_set_archived(actor=user, record=partner, archived=archived, actions=ARCHIVE_ACTIONS)
    return partner
