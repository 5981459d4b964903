"""Referrals to network partners: list, read, refer a case, record the outcome.

Input goes through the referral page's form and service: referring a person needs their
active consent for the partner, or a written reason (audited as an override). The message to
the partner is encrypted at rest and never leaves through the API.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field

from kausa.api.auth import api_user, api_writer
from kausa.api.common import ERRORS, RecordId, errors_on, page
from kausa.api.pagination import DEFAULT_LIMIT, Page, cursor_page
from kausa.api.validation import check_form
from kausa.counselling import selectors
from kausa.counselling.forms import ReferralForm
from kausa.counselling.models import Referral, ReferralStatus, SharedField
from kausa.counselling.services import referrals as services
from kausa.partners.selectors import partners_for

router = Router()


class ReferralOut(Schema):
    id: int
    case_id: int
    partner_id: int
    topic_id: int
    status: str
    next_statuses: list[str]
    shared_fields: list[str]
    consent_id: int | None
    consent_overridden: bool
    outside_district: bool
    created_at: datetime.datetime
    emailed_at: datetime.datetime | None

    @staticmethod
    def resolve_next_statuses(referral: Referral) -> list[str]:
        return list(referral.next_statuses())

    @staticmethod
    def resolve_consent_overridden(referral: Referral) -> bool:
        return bool(referral.consent_override_reason)

    @staticmethod
    def resolve_outside_district(referral: Referral) -> bool:
        return bool(referral.outside_district_reason)


class ReferralFilters(Schema):
    case_id: RecordId | None = None
    status: ReferralStatus | None = None
    cursor: str | None = Field(default=None, max_length=40)
    limit: int = DEFAULT_LIMIT


class ReferralIn(Schema):
    case_id: RecordId
    partner_id: RecordId
    topic_id: RecordId
    shared_fields: list[SharedField] = Field(min_length=1, max_length=len(SharedField.values))
    message: str = Field(default="", max_length=5000)
    consent_override_reason: str = Field(default="", max_length=300)
    outside_district_reason: str = Field(default="", max_length=300)


class ReferralStatusIn(Schema):
    status: ReferralStatus


# The service's field names, as the request names them.
RENAMED = {"partner": "partner_id", "topic": "topic_id"}


@router.get("/", response={200: Page[ReferralOut], **ERRORS}, url_name="referral_list")
def referral_list(request: HttpRequest, filters: Query[ReferralFilters]) -> dict[str, object]:
    referrals = selectors.referral_list(
        api_user(request),
        selectors.ReferralFilters(case_id=filters.case_id, status=filters.status or ""),
    )
    return page(*cursor_page(referrals, filters.cursor, filters.limit))


@router.get("/{referral_id}", response={200: ReferralOut, **ERRORS}, url_name="referral_detail")
def referral_detail(request: HttpRequest, referral_id: Path[RecordId]) -> Referral:
    return selectors.referral_get_for_user(api_user(request), referral_id)


@router.post("/", response={201: ReferralOut, **ERRORS}, url_name="referral_create")
def referral_create(request: HttpRequest, payload: ReferralIn) -> Status[Referral]:
    """Refer a case to a partner of the organisation (the case is the subject: another
    office's case answers 404; an unknown partner or topic is a validation error)."""
    user = api_writer(request)
    case = selectors.case_get_for_user(user, payload.case_id, write=True)
    # Any active partner of the organisation; the service checks district and consent.
    partners = partners_for(organisation_id=case.office.organisation_id, district=None, topic=None)
    data = payload.dict()
    data["partner"], data["topic"] = data.pop("partner_id"), data.pop("topic_id")
    form = ReferralForm(data, partners=partners)
    check_form(form, RENAMED)
    with errors_on("case_id", RENAMED):
        referral = services.referral_create(actor=user, case=case, **form.cleaned_data)
    return Status(201, referral)


@router.post(
    "/{referral_id}/status", response={200: ReferralOut, **ERRORS}, url_name="referral_status"
)
def referral_status(
    request: HttpRequest, referral_id: Path[RecordId], payload: ReferralStatusIn
) -> Referral:
    """Record the outcome: only a status the current one allows (`next_statuses`)."""
    user = api_writer(request)
    referral = selectors.referral_get_for_user(user, referral_id, write=True)
    with errors_on("status"):
        return services.referral_set_status(actor=user, referral=referral, status=payload.status)
