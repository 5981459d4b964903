"""Award rounds (nominations, jury votes, winners) and KAUSA ambassadors.

Rounds and ambassadors belong to the office that runs them: its writing members nominate,
vote and decide; other offices of the organisation do not see them; team leads read all and
change nothing. Each write is one transaction, checks access first and leaves one audit
entry.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.access import require_write, require_write_for_office
from kausa.core.audit import audit_log
from kausa.core.models import Office, User
from kausa.core.services import model_update
from kausa.events import audit_actions
from kausa.events.models import (
    EVENT_LANGUAGES,
    Ambassador,
    AmbassadorAppearance,
    AwardCategory,
    AwardRound,
    AwardRoundStatus,
    Event,
    JuryVote,
    Nomination,
)
from kausa.people.models import Person
from kausa.people.selectors import people_visible_to

ROUND_FIELDS = (
    "title",
    "category",
    "criteria",
    "nominations_close_on",
    "winners_count",
    "ceremony",
)
AMBASSADOR_FIELDS = ("profile", "languages", "availability")
MIN_SCORE = 1
MAX_SCORE = 5
NEXT_STATUS = {
    AwardRoundStatus.NOMINATING: AwardRoundStatus.JURY,
    AwardRoundStatus.JURY: AwardRoundStatus.DECIDED,
}


# --- award rounds ---


def _validate_round(award_round: AwardRound) -> None:
    if award_round.winners_count < 1:
        raise ValidationError({"winners_count": _("At least one winner is chosen.")})
    ceremony = award_round.ceremony
    if ceremony is not None and ceremony.office_id != award_round.office_id:
        raise ValidationError({"ceremony": _("Choose an event of the round's office.")})


@transaction.atomic
def award_round_create(*, actor: User, office: Office, data: dict[str, Any]) -> AwardRound:
    require_write_for_office(actor, office.pk)
    award_round = AwardRound(office=office, status=AwardRoundStatus.NOMINATING)
    model_update(award_round, fields=ROUND_FIELDS, data=data)
    _validate_round(award_round)
    award_round.full_clean()
    award_round.save()
    audit_log(actor=actor, action=audit_actions.AWARD_ROUND_CREATED, obj=award_round, office=office)
    return award_round


@transaction.atomic
def award_round_update(*, actor: User, award_round: AwardRound, data: dict[str, Any]) -> list[str]:
    require_write(actor, award_round)
    if award_round.status == AwardRoundStatus.DECIDED:
        raise ValidationError(_("A decided award round can no longer be changed."))
    category_before = award_round.category
    changed = model_update(award_round, fields=ROUND_FIELDS, data=data)
    if "category" in changed and award_round.nominations.exists():
        award_round.category = category_before
        raise ValidationError(
            {"category": _("The category cannot change once there are nominations.")}
        )
    _validate_round(award_round)
    award_round.full_clean()
    award_round.save()
    if changed:
        audit_log(
            actor=actor,
            action=audit_actions.AWARD_ROUND_UPDATED,
            obj=award_round,
            office=award_round.office,
            changed_fields=changed,
        )
    return changed


@transaction.atomic
def award_round_advance(*, actor: User, award_round: AwardRound) -> AwardRound:
    """Move the round on: nominations → jury voting → winners decided (which decides them)."""
    require_write(actor, award_round)
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status == AwardRoundStatus.JURY:
        return winners_decide(actor=actor, award_round=award_round)
    if award_round.status != AwardRoundStatus.NOMINATING:
        raise ValidationError(_("The winners of this round are decided already."))
    if not award_round.nominations.exists():
        raise ValidationError(_("There are no nominations yet."))
    award_round.status = AwardRoundStatus.JURY
    award_round.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action=audit_actions.AWARD_ROUND_STATUS_CHANGED,
        obj=award_round,
        office=award_round.office,
        changed_fields=["status"],
    )
    return award_round


@dataclass(frozen=True)
class _Standing:
    nomination_id: int
    average: Fraction
    vote_count: int

    def sort_key(self) -> tuple[Fraction, int, int]:
        # Highest average first; ties go to more votes, then to the earlier nomination.
        return (-self.average, -self.vote_count, self.nomination_id)


def _standings(award_round: AwardRound) -> list[_Standing]:
    totals: dict[int, list[int]] = {}
    for nomination_id, score in JuryVote.objects.filter(
        nomination__award_round=award_round
    ).values_list("nomination_id", "score"):
        totals.setdefault(nomination_id, []).append(score)
    standings = [
        _Standing(nomination_id, Fraction(sum(scores), len(scores)), len(scores))
        for nomination_id, scores in totals.items()
    ]
    return sorted(standings, key=_Standing.sort_key)


@transaction.atomic
def winners_decide(*, actor: User, award_round: AwardRound) -> AwardRound:
    """The `winners_count` nominations with the best average score win (only nominations
    with votes); the round is then decided."""
    require_write(actor, award_round)
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status != AwardRoundStatus.JURY:
        raise ValidationError(_("Winners are decided only after the jury has voted."))
    standings = _standings(award_round)
    if not standings:
        raise ValidationError(_("The jury has not voted yet."))
    winner_ids = [standing.nomination_id for standing in standings[: award_round.winners_count]]
    award_round.nominations.update(is_winner=False)
    award_round.nominations.filter(pk__in=winner_ids).update(is_winner=True)
    award_round.status = AwardRoundStatus.DECIDED
    award_round.save(update_fields=["status"])
    audit_log(
        actor=actor,
        action=audit_actions.WINNERS_DECIDED,
        obj=award_round,
        office=award_round.office,
        changed_fields=["status", "is_winner"],
    )
    return award_round


# --- nominations and votes ---


def _check_nominee(
    actor: User, award_round: AwardRound, company: Company | None, person: Person | None
) -> None:
    if (company is None) == (person is None):
        raise ValidationError(_("Nominate either a company or a person."))
    if award_round.category == AwardCategory.COMPANY:
        if company is None:
            raise ValidationError({"company": _("This round honours companies.")})
        if company.organisation_id != actor.organisation_pk:
            raise ValidationError({"company": _("Choose a company of your organisation.")})
        if award_round.nominations.filter(company=company).exists():
            raise ValidationError({"company": _("This company is nominated already.")})
        return
    if person is None:
        raise ValidationError({"person": _("This round honours apprentices.")})
    if not people_visible_to(actor).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("Choose a person you look after.")})
    if award_round.nominations.filter(person=person).exists():
        raise ValidationError({"person": _("This person is nominated already.")})


@transaction.atomic
def nomination_add(
    *,
    actor: User,
    award_round: AwardRound,
    company: Company | None = None,
    person: Person | None = None,
    reason: str,
    public_consent: bool = False,
    public_name: str = "",
    today: datetime.date | None = None,
) -> Nomination:
    require_write(actor, award_round)
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status != AwardRoundStatus.NOMINATING:
        raise ValidationError(_("Nominations for this round are closed."))
    if (today or timezone.localdate()) > award_round.nominations_close_on:
        raise ValidationError(_("The nomination period of this round has ended."))
    _check_nominee(actor, award_round, company, person)
    reason = reason.strip()
    public_name = public_name.strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for the nomination.")})
    if public_consent and not public_name:
        raise ValidationError({"public_name": _("Enter the name to be shown publicly.")})
    nomination = Nomination(
        award_round=award_round,
        company=company,
        person=person,
        reason=reason,
        nominated_by=actor,
        public_consent=public_consent,
        public_name=public_name,
    )
    nomination.full_clean()
    nomination.save()
    audit_log(
        actor=actor,
        action=audit_actions.NOMINATION_ADDED,
        obj=nomination,
        office=award_round.office,
    )
    return nomination


@transaction.atomic
def vote_cast(*, actor: User, nomination: Nomination, score: int) -> JuryVote:
    """The jurors are the writing members of the round's office; a second vote on the same
    nomination replaces the first."""
    require_write(actor, nomination)
    award_round = AwardRound.objects.select_for_update().get(pk=nomination.award_round_id)
    if award_round.status != AwardRoundStatus.JURY:
        raise ValidationError(_("Votes are cast only while the jury is voting."))
    if not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
        raise ValidationError({"score": _("Give a score from 1 to 5.")})
    vote, created = JuryVote.objects.get_or_create(
        nomination=nomination, juror=actor, defaults={"score": score}
    )
    if not created and vote.score != score:
        vote.score = score
        vote.save(update_fields=["score"])
    audit_log(
        actor=actor,
        action=audit_actions.JURY_VOTE_CAST,
        obj=vote,
        office=award_round.office,
        changed_fields=["score"],
    )
    return vote


# --- ambassadors ---


def _clean_ambassador(ambassador: Ambassador) -> None:
    unknown = [code for code in ambassador.languages if code not in EVENT_LANGUAGES]
    if unknown:
        raise ValidationError({"languages": _("Choose languages from the list.")})


def _check_ambassador_subject(
    office: Office, company: Company | None, person: Person | None
) -> None:
    if (company is None) == (person is None):
        raise ValidationError(_("Choose either a person or a company."))
    others = Ambassador.objects.filter(office=office)
    if person is not None:
        if person.office_id != office.pk:
            raise ValidationError({"person": _("Choose a person of your office.")})
        if others.filter(person=person).exists():
            raise ValidationError({"person": _("This person is an ambassador already.")})
    if company is not None:
        if company.organisation_id != office.organisation_id:
            raise ValidationError({"company": _("Choose a company of your organisation.")})
        if others.filter(company=company).exists():
            raise ValidationError({"company": _("This company is an ambassador already.")})


@transaction.atomic
def ambassador_create(
    *,
    actor: User,
    office: Office,
    person: Person | None = None,
    company: Company | None = None,
    data: dict[str, Any],
) -> Ambassador:
    require_write_for_office(actor, office.pk)
    _check_ambassador_subject(office, company, person)
    ambassador = Ambassador(office=office, person=person, company=company, active=True)
    model_update(ambassador, fields=AMBASSADOR_FIELDS, data=data)
    _clean_ambassador(ambassador)
    ambassador.full_clean()
    ambassador.save()
    audit_log(actor=actor, action=audit_actions.AMBASSADOR_CREATED, obj=ambassador, office=office)
    return ambassador


@transaction.atomic
def ambassador_update(*, actor: User, ambassador: Ambassador, data: dict[str, Any]) -> list[str]:
    require_write(actor, ambassador)
    changed = model_update(ambassador, fields=AMBASSADOR_FIELDS, data=data)
    _clean_ambassador(ambassador)
    ambassador.full_clean()
    ambassador.save()
    if changed:
        audit_log(
            actor=actor,
            action=audit_actions.AMBASSADOR_UPDATED,
            obj=ambassador,
            office=ambassador.office,
            changed_fields=changed,
        )
    return changed


def _set_active(actor: User, ambassador: Ambassador, *, active: bool, action: str) -> bool:
    require_write(actor, ambassador)
    if ambassador.active == active:
        return False
    ambassador.active = active
    ambassador.save(update_fields=["active"])
    audit_log(
        actor=actor,
        action=action,
        obj=ambassador,
        office=ambassador.office,
        changed_fields=["active"],
    )
    return True


@transaction.atomic
def ambassador_deactivate(*, actor: User, ambassador: Ambassador) -> bool:
    return _set_active(actor, ambassador, active=False, action=audit_actions.AMBASSADOR_DEACTIVATED)


@transaction.atomic
def ambassador_reactivate(*, actor: User, ambassador: Ambassador) -> bool:
    return _set_active(actor, ambassador, active=True, action=audit_actions.AMBASSADOR_REACTIVATED)


@transaction.atomic
def appearance_add(
    *, actor: User, ambassador: Ambassador, event: Event, role: str = ""
) -> AmbassadorAppearance:
    require_write(actor, ambassador)
    if event.office_id != ambassador.office_id:
        raise ValidationError({"event": _("Choose an event of the ambassador's office.")})
    if not ambassador.active:
        raise ValidationError(_("This ambassador is no longer active."))
    if ambassador.appearances.filter(event=event).exists():
        raise ValidationError({"event": _("This appearance is recorded already.")})
    appearance = AmbassadorAppearance(ambassador=ambassador, event=event, role=role.strip())
    appearance.full_clean()
    appearance.save()
    audit_log(
        actor=actor,
        action=audit_actions.APPEARANCE_ADDED,
        obj=appearance,
        office=ambassador.office,
    )
    return appearance
