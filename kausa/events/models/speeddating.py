"""Apprenticeship speed dating: who wants to meet whom, and the schedule's settings and result.
The meetings themselves are `EventContact` rows with a round and a table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.events.models.events import Event
from kausa.people.models import Person


class SpeedDatingSetup(models.Model):
    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="speed_dating")
    rounds = models.PositiveSmallIntegerField(_("rounds"), default=12)
    round_minutes = models.PositiveSmallIntegerField(_("minutes per round"), default=8)
    max_meetings_per_candidate = models.PositiveSmallIntegerField(
        _("most meetings per candidate"), null=True, blank=True
    )
    # The last schedule's figures (objective = 2 per mutual + 1 per one-sided meeting).
    scheduled_at = models.DateTimeField(null=True, blank=True)
    mutual = models.PositiveIntegerField(default=0)
    one_sided = models.PositiveIntegerField(default=0)
    objective = models.PositiveIntegerField(default=0)
    upper_bound = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("speed dating setup")
        verbose_name_plural = _("speed dating setups")

    def __str__(self) -> str:
        return str(self.event)

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id


class SpeedDatingWish(models.Model):
    """One pair and who of the two wants the meeting (at least one side does)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speed_dating_wishes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    person_wants = models.BooleanField(_("the candidate wants to meet"), default=False)
    company_wants = models.BooleanField(_("the company wants to meet"), default=False)

    class Meta:
        verbose_name = _("speed dating wish")
        verbose_name_plural = _("speed dating wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "company"], name="speed_dating_wish_unique_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(person_wants=True) | models.Q(company_wants=True),
                name="speed_dating_wish_someone_wants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} × {self.company}"

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id
