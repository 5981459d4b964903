"""Reads of the my-data pages: what the person sees about themselves, and the office's list of
requests (office-scoped like every staff read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Case as Choose
from django.db.models import IntegerField, QuerySet, Value, When
from django.utils import timezone

from kausa.core.access import get_for_user, office_scoped
from kausa.core.models import User
from kausa.counselling.models import Case, Consent
from kausa.people.models import Person
from kausa.portal.mydata import labels
from kausa.portal.mydata.models import DataRequest
from kausa.portal.tenancy import portal_organisation


def person_for_portal(person_id: int) -> Person | None:
    """The granted person, if they still exist in the portal's organisation."""
    organisation = portal_organisation()
    if organisation is None:
        return None
    return (
        Person.objects.select_related("office", "district")
        .filter(pk=person_id, office__organisation=organisation)
        .first()
    )


def consent_of_person(person: Person, pk: int) -> Consent | None:
    """One of the person's own consents; another person's consent is not found."""
    return Consent.objects.filter(pk=pk, person=person).first()


@dataclass
class Overview:
    """What the person sees. Deliberately left out: counselling session notes, next steps,
    referral messages, process-chain notes, proposals and matching scores, staff other than
    the counsellor's first name, the audit trail, and the special-category data (residence
    status, gender, migration or refugee background) — the export from the office has them."""

    person: Person
    languages: list[Any]
    wishes: list[Any]
    guardians: list[Any]
    consents: list[dict[str, Any]]
    registrations: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    enquiries: list[Any]
    requests: list[DataRequest]
    counsellor_first_name: str = ""
    has_sensitive: bool = False


def _registrations(person: Person, language: str) -> list[dict[str, Any]]:
    rows = []
    for registration in person.registrations.select_related("event").order_by("-event__starts_at"):
        title, _description = registration.event.text_in(language)
        rows.append(
            {
                "title": title,
                "starts_at": timezone.localtime(registration.event.starts_at),
                "status": labels.REGISTRATION_STATUSES.get(
                    registration.status, registration.get_status_display()
                ),
            }
        )
    return rows


def _enquiries(person: Person) -> list[Any]:
    """The portal's counselling requests that became this person (if that app is there)."""
    try:
        enquiry_model = apps.get_model("portal_enquiries", "Enquiry")
    except LookupError:
        return []
    if "person" not in {f.name for f in enquiry_model._meta.get_fields()}:
        return []
    return [
        {
            "created_at": enquiry.created_at,
            "status": labels.ENQUIRY_STATUSES.get(enquiry.status, enquiry.status),
        }
        for enquiry in enquiry_model.objects.filter(person=person).order_by("-created_at")
    ]


def person_overview(person: Person, language: str) -> Overview:
    cases = list(
        Case.objects.filter(person=person).select_related("counsellor").order_by("-opened_on")
    )
    current = next((case for case in cases if case.closed_at is None), cases[0] if cases else None)
    return Overview(
        person=person,
        languages=list(person.languages.all()),
        wishes=list(person.desired_occupations.select_related("occupation")),
        guardians=list(person.guardians.all()),
        consents=[
            {
                "pk": consent.pk,
                "purpose": labels.consent_purpose(consent.purpose),
                "partner": consent.partner.name if consent.partner else "",
                "given_on": consent.given_on,
                "withdrawn_on": consent.withdrawn_on,
            }
            for consent in Consent.objects.filter(person=person).select_related("partner")
        ],
        registrations=_registrations(person, language),
        cases=[
            {
                "opened_on": case.opened_on,
                "closed": case.closed_at is not None,
                "stage": case.get_stage_display(),
            }
            for case in cases
        ],
        enquiries=_enquiries(person),
        requests=list(DataRequest.objects.filter(person=person)),
        counsellor_first_name=current.counsellor.first_name if current is not None else "",
        has_sensitive=hasattr(person, "sensitive"),
    )


# --- staff ---


def data_request_list(user: User, *, status: str | None = None) -> QuerySet[DataRequest]:
    """Requests of the user's office (team leads: every office of the organisation)."""
    queryset = office_scoped(DataRequest.objects.select_related("office", "person"), user)
    if status:
        queryset = queryset.filter(status=status)
    open_first = Choose(
        When(status="open", then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return queryset.order_by(open_first, "-created_at", "-id")


def data_request_get_for_user(user: User, pk: int, *, write: bool = False) -> DataRequest:
    queryset = office_scoped(
        DataRequest.objects.select_related("office", "person", "decided_by"), user
    )
    return get_for_user(queryset, pk, user=user, write=write)
