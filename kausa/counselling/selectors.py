"""Reads of counselling records with office scoping built in: another office's case is a 404.

A case belongs to one office. Its staff see and write it; team leads see all cases of the
organisation but not the session notes or consents, which stay with the office that counsels.
Write access is decided by `kausa.core.access` (`write=True` answers 403 to read-only users).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.core.access import get_for_user, office_scoped
from kausa.core.models import District, User
from kausa.counselling.models import (
    Case,
    Consent,
    ConsentPurpose,
    NextStep,
    Referral,
    ReferralStatus,
)
from kausa.partners.models import Partner
from kausa.people.models import Person

CASE_LIST_FILTERS = ("open", "closed", "mine")
M = TypeVar("M", bound=Model)


def cases_visible_to(user: User) -> QuerySet[Case]:
    return office_scoped(Case.objects.all(), user)


def through_visible_case(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Rows of a case's records (field `case`) whose case the user may see: the same rule as
    `cases_visible_to`, as conditions on the joined case. (`case__in=cases_visible_to(user)`
    made the database list every case of the office first, for each query.)"""
    scoped = queryset.filter(case__office__organisation_id=user.organisation_pk)
    if user.sees_all_offices:
        return scoped
    if user.office_id is None:
        return scoped.none()
    return scoped.filter(case__office_id=user.office_id)


def case_get_for_user(user: User, pk: int, *, write: bool = False) -> Case:
    queryset = cases_visible_to(user).select_related("office", "person", "company", "counsellor")
    return get_for_user(queryset, pk, user=user, write=write)


def case_list(user: User, filters: dict[str, str]) -> QuerySet[Case]:
    """The cases of the list page: `show` is "open" (default), "closed" or "mine"."""
    cases = cases_visible_to(user).select_related("person", "company", "counsellor", "office")
    show = filters.get("show", "open")
    if show == "closed":
        return cases.filter(closed_at__isnull=False)
    if show == "mine":
        return cases.filter(counsellor=user, closed_at__isnull=True)
    return cases.filter(closed_at__isnull=True)


def office_member(user: User, office_id: int | None) -> bool:
    """Whether the user works in this office. Session notes and consents are read only
    there: team leads see the organisation's cases, not what people confided."""
    return user.works_in(office_id)


def notes_visible(user: User, case: Case) -> bool:
    return office_member(user, case.office_id)


def referral_get_for_user(user: User, pk: int, *, write: bool = False) -> Referral:
    queryset = Referral.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case__office", "case__person", "case__company", "partner", "topic"
    )
    return get_for_user(queryset, pk, user=user, write=write)


def next_step_get_for_user(user: User, pk: int, *, write: bool = False) -> NextStep:
    queryset = NextStep.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case__office"
    )
    return get_for_user(queryset, pk, user=user, write=write)


def consent_get_for_user(user: User, pk: int, *, write: bool = False) -> Consent:
    """Consents of people the user may see (the owning office manages them)."""
    from kausa.people.selectors import people_visible_to

    queryset = Consent.objects.filter(person__in=people_visible_to(user)).select_related(
        "person__office", "partner"
    )
    return get_for_user(queryset, pk, user=user, write=write)


def consent_list(person: Person) -> QuerySet[Consent]:
    return person.consents.select_related("partner", "recorded_by")


def consent_withdrawn(person: Person, purpose: str) -> bool:
    """Has the person withdrawn the latest consent for this purpose (and given none since)?"""
    latest = person.consents.filter(purpose=purpose).order_by("-given_on", "-id").first()
    return latest is not None and latest.withdrawn_on is not None


def consent_for_referral(person: Person, partner: Partner) -> Consent | None:
    """The active consent to refer this person to this partner, if there is one."""
    return (
        person.consents.filter(
            purpose=ConsentPurpose.REFERRAL, partner=partner, withdrawn_on__isnull=True
        )
        .order_by("-given_on", "-id")
        .first()
    )


def consented_partner_ids(case: Case) -> frozenset[int]:
    """Partners the case's person has an active referral consent for (none for a company)."""
    if case.person_id is None:
        return frozenset()
    return frozenset(
        Consent.objects.filter(
            person_id=case.person_id,
            purpose=ConsentPurpose.REFERRAL,
            partner__isnull=False,
            withdrawn_on__isnull=True,
        ).values_list("partner_id", flat=True)
    )


def case_district(case: Case) -> District | None:
    """The district of the person or company counselled (partners are offered for it)."""
    subject = case.person if case.person_id else case.company
    return getattr(subject, "district", None)


def open_tasks_for(user: User) -> QuerySet[NextStep]:
    """The user's open steps of open cases, overdue first, then by due date. Only cases in
    the user's reach: a step kept from an earlier office does not carry its person along."""
    return (
        through_visible_case(
            NextStep.objects.filter(owner=user, done_at__isnull=True, case__closed_at__isnull=True),
            user,
        )
        .select_related("case__person", "case__company")
        .order_by("due_on", "id")
    )


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    kind: str  # session, referral, proposal, stage, consent, case
    title: str
    detail: str
    url: str


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def person_timeline(user: User, person: Person) -> list[TimelineEntry]:
    """The person's story, newest first: cases, stages, sessions, referrals, proposals,
    consents. Session notes are not part of it (they are read on the case page)."""
    entries: list[TimelineEntry] = []
    cases = cases_visible_to(user).filter(person=person)
    for case in cases.prefetch_related("stage_changes", "sessions__topics", "referrals"):
        entries.extend(_case_entries(case))
    for proposal in person.proposals.select_related("vacancy__occupation", "vacancy__company"):
        entries.append(
            TimelineEntry(
                proposal.created_at,
                "proposal",
                _("Proposal"),
                f"{proposal.vacancy.occupation.name}, {proposal.vacancy.company.name}: "
                f"{proposal.get_status_display()}",
                reverse("placements:person", args=[person.pk]),
            )
        )
    if office_member(user, person.office_id):
        entries.extend(_consent_entries(person))
    entries.extend(_event_entries(user, person))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _case_entries(case: Case) -> list[TimelineEntry]:
    url = reverse("counselling:case", args=[case.pk])
    entries = [
        TimelineEntry(change.changed_at, "stage", _("Stage"), change.get_stage_display(), url)
        for change in case.stage_changes.all()
    ]
    for session in case.sessions.all():
        topics = ", ".join(topic.name for topic in session.topics.all())
        detail = f"{session.get_channel_display()}, {session.duration_minutes} min"
        entries.append(
            TimelineEntry(
                _at(session.held_on),
                "session",
                _("Counselling session"),
                f"{detail}: {topics}" if topics else detail,
                url,
            )
        )
    for referral in case.referrals.select_related("partner", "topic"):
        entries.append(
            TimelineEntry(
                referral.created_at,
                "referral",
                _("Referral"),
                f"{referral.partner.name} ({referral.topic.name}): {referral.get_status_display()}",
                reverse("counselling:referral", args=[referral.pk]),
            )
        )
    return entries


def _event_entries(user: User, person: Person) -> list[TimelineEntry]:
    """Events the person registered for, as far as the user sees the organising office."""
    from kausa.events.selectors import attendance_label, events_visible_to

    registrations = person.registrations.filter(event__in=events_visible_to(user)).select_related(
        "event"
    )
    return [
        TimelineEntry(
            registration.event.starts_at,
            "event",
            _("Event"),
            f"{registration.event.title}: {attendance_label(registration)}",
            reverse("events:detail", args=[registration.event_id]),
        )
        for registration in registrations
    ]


def _consent_entries(person: Person) -> list[TimelineEntry]:
    entries = []
    for consent in person.consents.select_related("partner"):
        label = str(consent.get_purpose_display())
        if consent.partner:
            label = f"{label}: {consent.partner.name}"
        if consent.withdrawn_on:
            label = f"{label} ({_('withdrawn')})"
        entries.append(
            TimelineEntry(
                _at(consent.given_on),
                "consent",
                _("Consent"),
                label,
                reverse("counselling:consents", args=[person.pk]),
            )
        )
    return entries


@dataclass(frozen=True)
class ReferralFilters:
    case_id: int | None = None
    status: str = ""


def referral_list(user: User, filters: ReferralFilters) -> QuerySet[Referral]:
    """Referrals of the cases the user sees, optionally of one case or in one status."""
    referrals = Referral.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case__office", "partner", "topic"
    )
    if filters.case_id is not None:
        referrals = referrals.filter(case_id=filters.case_id)
    if filters.status in ReferralStatus.values:
        referrals = referrals.filter(status=filters.status)
    return referrals
