"""Reads of counselling records with office scoping built in: another office's case is a 404.

A case belongs to one office. Its staff see and write it; team leads see all cases of the
organisation but not the session notes, which stay with the office that counsels.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kausa.core.access import office_scoped
from kausa.core.models import User
from kausa.counselling.models import Case, Consent, NextStep, Referral
from kausa.people.models import Person


def cases_visible_to(user: User) -> QuerySet[Case]:
    return office_scoped(Case.objects.all(), user)


def case_get_for_user(user: User, pk: int) -> Case:
    queryset = cases_visible_to(user).select_related("office", "person", "company", "counsellor")
    return get_object_or_404(queryset, pk=pk)


def case_writable_by(user: User, case: Case) -> bool:
    return user.can_write and user.office_id == case.office_id


def notes_visible(user: User, case: Case) -> bool:
    return user.office_id is not None and user.office_id == case.office_id


def referral_get_for_user(user: User, pk: int) -> Referral:
    queryset = Referral.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case__office", "case__person", "case__company", "partner", "topic"
    )
    return get_object_or_404(queryset, pk=pk)


def next_step_get_for_user(user: User, pk: int) -> NextStep:
    queryset = NextStep.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case__office"
    )
    return get_object_or_404(queryset, pk=pk)


def consent_get_for_user(user: User, pk: int) -> Consent:
    """Consents of people the user may see (the owning office manages them)."""
    from kausa.people.selectors import people_visible_to

    queryset = Consent.objects.filter(person__in=people_visible_to(user)).select_related(
        "person__office", "partner"
    )
    return get_object_or_404(queryset, pk=pk)


def open_tasks_for(user: User) -> QuerySet[NextStep]:
    """The user's open steps of open cases, overdue first, then by due date."""
    return (
        NextStep.objects.filter(owner=user, done_at__isnull=True, case__closed_at__isnull=True)
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
    from django.urls import reverse
    from django.utils.translation import gettext as _

    entries: list[TimelineEntry] = []
    cases = cases_visible_to(user).filter(person=person)
    for case in cases.prefetch_related("stage_changes", "sessions__topics", "referrals"):
        url = reverse("counselling:case", args=[case.pk])
        for change in case.stage_changes.all():
            entries.append(
                TimelineEntry(
                    change.changed_at, "stage", _("Stage"), change.get_stage_display(), url
                )
            )
        for session in case.sessions.all():
            topics = ", ".join(topic.name for topic in session.topics.all())
            detail = f"{session.get_channel_display()}, {session.duration_minutes} min"
            entries.append(
                TimelineEntry(
                    _at(session.held_on),
                    "session",
                    _("Counselling session"),
                    f"{detail}{': ' + topics if topics else ''}",
                    url,
                )
            )
        for referral in case.referrals.select_related("partner", "topic"):
            entries.append(
                TimelineEntry(
                    referral.created_at,
                    "referral",
                    _("Referral"),
                    f"{referral.partner.name} ({referral.topic.name}): "
                    f"{referral.get_status_display()}",
                    reverse("counselling:referral", args=[referral.pk]),
                )
            )
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
    if user.office_id == person.office_id:
        for consent in person.consents.select_related("partner"):
            label = consent.get_purpose_display()
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
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
