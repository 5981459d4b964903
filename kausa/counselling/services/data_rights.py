"""GDPR data rights: access/portability export (Art. 15/20), erasure (Art. 17), retention.

The export holds everything stored about the person, encrypted notes decrypted: the record,
consents, cases with sessions, next steps and referrals, process-chain runs with their
steps and notes, proposals and matching-run pairs.

Erasure deletes the person row and everything hanging off it in one transaction: sensitive
data, languages, wishes, consents, cases with sessions, next steps and referrals, chain
runs, proposals and matching-run pairs. The search column lives on the person row, no files
are stored per person, and audit entries carry only ids, action names and field names, so
the trail stays as a pseudonymised record (an id that no longer resolves).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from kausa.chains.models import ChainRun
from kausa.core.access import require_write_for_office
from kausa.core.audit import audit_log
from kausa.core.models import AuditEntry, User
from kausa.counselling.models import Case, RetainedCount
from kausa.counselling.services.followup import followup_export
from kausa.people import audit_actions as people_actions
from kausa.people.models import Person
from kausa.placements.models import MatchingRunPair


def _iso(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def person_export(person: Person) -> dict[str, Any]:
    """Everything stored about the person, as plain JSON-ready data."""
    sensitive = getattr(person, "sensitive", None)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "person": {
            "id": person.pk,
            "office": person.office.name,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": _iso(person.birth_date),
            "email": person.email,
            "phone": person.phone,
            "lives_abroad": person.lives_abroad,
            "country_of_residence": person.country_of_residence,
            "postal_code": person.postal_code,
            "place": person.place,
            "district": str(person.district) if person.district else None,
            "german_level": person.get_german_level_display(),
            "school_certificate": person.get_school_certificate_display(),
            "school_certificate_country": person.school_certificate_country,
            "recognition_status": person.get_recognition_status_display(),
            "max_commute_km": person.max_commute_km,
            "has_driving_licence": person.has_driving_licence,
            "available_from": _iso(person.available_from),
            "archived_at": _iso(person.archived_at),
            "shared_with_offices": [office.name for office in person.shared_with_offices.all()],
        },
        "sensitive": None
        if sensitive is None
        else {
            "residence_status": sensitive.get_residence_status_display(),
            "residence_valid_until": _iso(sensitive.residence_valid_until),
            "has_migration_background": sensitive.has_migration_background,
            "has_refugee_background": sensitive.has_refugee_background,
            "gender": sensitive.get_gender_display(),
        },
        "languages": [
            {"language": item.get_language_display(), "level": item.get_level_display()}
            for item in person.languages.all()
        ],
        "desired_occupations": [
            {"rank": item.rank, "occupation": item.occupation.name}
            for item in person.desired_occupations.select_related("occupation")
        ],
        "consents": [
            {
                "purpose": consent.get_purpose_display(),
                "partner": consent.partner.name if consent.partner else None,
                "text_version": consent.text_version,
                "given_on": _iso(consent.given_on),
                "language": consent.get_language_display(),
                "method": consent.get_method_display(),
                "guardian_name": consent.guardian_name,
                "withdrawn_on": _iso(consent.withdrawn_on),
            }
            for consent in person.consents.select_related("partner")
        ],
        "cases": [_case_export(case) for case in person.cases.select_related("counsellor")],
        "proposals": [
            {
                "occupation": proposal.vacancy.occupation.name,
                "company": proposal.vacancy.company.name,
                "status": proposal.get_status_display(),
                "created_at": _iso(proposal.created_at),
            }
            for proposal in person.proposals.select_related(
                "vacancy__occupation", "vacancy__company"
            )
        ],
        "chain_runs": [_chain_run_export(run) for run in _chain_runs(person)],
        "guardians": [
            {
                "first_name": guardian.first_name,
                "last_name": guardian.last_name,
                "relation": guardian.get_relation_display(),
                "language": guardian.get_language_display(),
                "email": guardian.email,
                "phone": guardian.phone,
            }
            for guardian in person.guardians.all()
        ],
        "events": [
            {
                "event": registration.event.title,
                "starts_at": _iso(registration.event.starts_at),
                "status": registration.get_status_display(),
                "consented_at": _iso(registration.consented_at),
                "guardian_consent_name": registration.guardian_consent_name,
                "checked_in_at": _iso(registration.checked_in_at),
            }
            for registration in person.registrations.select_related("event")
        ],
        "event_contacts": [
            {"event": contact.event.title, "company": contact.company.name}
            for contact in person.event_contacts.select_related("event", "company")
        ],
        "matching_pairs": _matching_pairs_export(person),
        "language_course": _language_course_export(person),
        "audit_trail": [
            {"action": entry.action, "at": _iso(entry.at)}
            for entry in AuditEntry.objects.filter(
                object_type=person._meta.label_lower, object_id=str(person.pk)
            ).order_by("at", "id")
        ],
    }
    return data


def _case_export(case: Case) -> dict[str, Any]:
    return {
        "opened_on": _iso(case.opened_on),
        "closed_at": _iso(case.closed_at),
        "stage": case.get_stage_display(),
        "end_reason": case.get_end_reason_display(),
        "counsellor": case.counsellor.get_full_name(),
        "stage_history": [
            {"stage": change.get_stage_display(), "at": _iso(change.changed_at)}
            for change in case.stage_changes.all()
        ],
        "sessions": [
            {
                "held_on": _iso(session.held_on),
                "duration_minutes": session.duration_minutes,
                "channel": session.get_channel_display(),
                "language": session.get_language_display(),
                "interpreter": session.interpreter,
                "topics": [topic.name for topic in session.topics.all()],
                "notes": session.notes,
            }
            for session in case.sessions.all()
        ],
        "next_steps": [
            {"title": step.title, "due_on": _iso(step.due_on), "done_at": _iso(step.done_at)}
            for step in case.next_steps.all()
        ],
        "referrals": [
            {
                "partner": referral.partner.name,
                "topic": referral.topic.name,
                "status": referral.get_status_display(),
                "shared_data": referral.shared_field_labels(),
                "message": referral.message,
                "created_at": _iso(referral.created_at),
                "with_consent": referral.consent_id is not None,
            }
            for referral in case.referrals.select_related("partner", "topic")
        ],
        "follow_up": followup_export(case),
    }


def _chain_runs(person: Person) -> list[ChainRun]:
    return list(
        ChainRun.objects.filter(person=person)
        .select_related("template", "counsellor")
        .prefetch_related("run_steps__step", "run_steps__partner")
        .order_by("started_on", "id")
    )


def _chain_run_export(run: ChainRun) -> dict[str, Any]:
    return {
        "template": run.template.title(),
        "version": run.template.version,
        "started_on": _iso(run.started_on),
        "counsellor": run.counsellor.get_full_name(),
        "steps": [
            {
                "position": item.step.position,
                "step": item.step.title(),
                "status": item.get_status_display(),
                "due_on": _iso(item.due_on),
                "partner": item.partner.name if item.partner else None,
                "completed_at": _iso(item.completed_at),
                "notes": item.notes,
            }
            for item in run.run_steps.all()
        ],
    }


def _matching_pairs_export(person: Person) -> list[dict[str, Any]]:
    pairs = (
        MatchingRunPair.objects.filter(person=person)
        .select_related("run", "vacancy__occupation", "vacancy__company")
        .order_by("run__created_at", "id")
    )
    return [
        {
            "run": pair.run_id,
            "run_at": _iso(pair.run.created_at),
            "occupation": pair.vacancy.occupation.name,
            "company": pair.vacancy.company.name,
            "score": pair.score,
            "factors": pair.factors,
        }
        for pair in pairs
    ]


def _language_course_export(person: Person) -> dict[str, Any] | None:
    """The job-language course status (kausa.bsk), reached through the reverse relation so
    counselling does not depend on that app."""
    course = getattr(person, "language_course", None)
    if course is None:
        return None
    return {
        "status": course.get_status_display(),
        "course": course.course_title,
        "provider": course.provider,
        "updated_at": _iso(course.updated_at),
    }


@transaction.atomic
def person_erase(*, actor: User | None, person: Person, reason: str = "request") -> None:
    """Remove the person everywhere. `actor` is None for the retention job; staff need
    write access to the person's office (`require_write_for_office`)."""
    if actor is not None:
        require_write_for_office(actor, person.office_id)
    action = people_actions.ERASED if reason == "request" else people_actions.ERASED_RETENTION
    audit_log(actor=actor, action=action, obj=person, office=person.office)
    # A data request stays as the office's record that it was handled, without the person's
    # words (the rest of the person's portal rows cascade with the person).
    from kausa.portal.mydata.models import DataRequest

    DataRequest.objects.filter(person=person).update(message="")
    person.delete()


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day `months` calendar months earlier (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def retention_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    return months_before(now or timezone.now(), settings.RETENTION_MONTHS)


def people_due_for_retention(cutoff: datetime.datetime) -> list[Person]:
    """People whose last case closed before the cutoff and who have no open case, and
    archived people without cases archived before it."""
    with_cases = (
        Person.objects.annotate(
            open_cases=Count("cases", filter=Q(cases__closed_at__isnull=True)),
            last_closed=Max("cases__closed_at"),
        )
        .filter(open_cases=0, last_closed__lt=cutoff)
        .values_list("pk", flat=True)
    )
    without_cases = Person.objects.filter(cases__isnull=True, archived_at__lt=cutoff).values_list(
        "pk", flat=True
    )
    ids = set(with_cases) | set(without_cases)
    return list(Person.objects.filter(pk__in=ids).select_related("office").order_by("pk"))


def _keep_counts(person: Person) -> None:
    """Add the person's cases to the aggregate counts that reports still need."""
    for case in person.cases.annotate(
        session_count=Count("sessions", distinct=True),
        referral_count=Count("referrals", distinct=True),
    ):
        assert case.closed_at is not None
        closed_on = timezone.localdate(case.closed_at)  # the day the reports count it on
        row, _created = RetainedCount.objects.get_or_create(
            office_id=case.office_id,
            year_closed=closed_on.year,
            month_closed=closed_on.month,
            kind="person",
            final_stage=case.stage,
            end_reason=case.end_reason,
        )
        RetainedCount.objects.filter(pk=row.pk).update(
            cases=F("cases") + 1,
            sessions=F("sessions") + case.session_count,
            referrals=F("referrals") + case.referral_count,
        )


def apply_retention(now: datetime.datetime | None = None) -> int:
    """Erase everyone past the retention period, keeping aggregate counts. Idempotent:
    a second run finds nobody left. Each person is one transaction."""
    erased = 0
    for person in people_due_for_retention(retention_cutoff(now)):
        with transaction.atomic():
            _keep_counts(person)
            person_erase(actor=None, person=person, reason="retention")
        erased += 1
    return erased
