"""Writes of the portal's events that the events app has no public service for: a company's
speed dating wishes, entered by its signed-in user (no staff actor)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kausa.companies.models import Company
from kausa.core.audit import audit_log
from kausa.events import audit_actions
from kausa.events.models import Event, RegistrationStatus, SpeedDatingWish
from kausa.events.services.speeddating import is_speed_dating, registered_people


def company_takes_part(event: Event, company: Company) -> bool:
    return event.registrations.filter(company=company, status=RegistrationStatus.CONFIRMED).exists()


@transaction.atomic
def company_wishes_save(*, company: Company, event: Event, person_ids: set[int]) -> int:
    """The company wants to meet the chosen candidates (confirmed participants) and no longer
    the others; the candidates' own wishes stay as they are. Returns the pairs changed."""
    if not is_speed_dating(event):
        raise ValidationError(_("Only speed dating events have wishes."))
    if not company_takes_part(event, company):
        raise ValidationError(_("Your company is not a confirmed participant of this event."))
    people = {person.pk: person for person in registered_people(event)}
    if person_ids - set(people):
        raise ValidationError(_("Please choose only from the list."))
    wishes = {
        wish.person_id: wish
        for wish in SpeedDatingWish.objects.select_for_update().filter(event=event, company=company)
    }
    changed = 0
    for person_id, person in people.items():
        wants = person_id in person_ids
        wish = wishes.get(person_id)
        if wish is None:
            if not wants:
                continue
            wish = SpeedDatingWish.objects.create(
                event=event, person=person, company=company, company_wants=True
            )
            audit_log(
                actor=None,
                action=audit_actions.SPEED_DATING_WISH_SET,
                obj=wish,
                office=event.office,
                changed_fields=["person", "company", "company_wants"],
            )
        elif wish.company_wants == wants:
            continue
        elif not wants and not wish.person_wants:
            audit_log(
                actor=None,
                action=audit_actions.SPEED_DATING_WISH_REMOVED,
                obj=wish,
                office=event.office,
            )
            wish.delete()
        else:
            wish.company_wants = wants
            wish.save(update_fields=["company_wants"])
            audit_log(
                actor=None,
                action=audit_actions.SPEED_DATING_WISH_SET,
                obj=wish,
                office=event.office,
                changed_fields=["company_wants"],
            )
        changed += 1
    return changed
