"""Award rounds (nominations, jury votes, winners) and KAUSA ambassadors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.models import Office
from kausa.events.models.events import Event
from kausa.people.models import Person


class AwardRoundStatus(models.TextChoices):
    NOMINATING = "nominating", _("nominations open")
    JURY = "jury", _("jury voting")
    DECIDED = "decided", _("winners decided")


class AwardCategory(models.TextChoices):
    COMPANY = "company", _("companies")
    APPRENTICE = "apprentice", _("apprentices")


class AwardRound(models.Model):
    """One round of an award ("Unternehmen mit Kultur 2027"), run by an office."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="award_rounds")
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("who is nominated"), max_length=20, choices=AwardCategory.choices)
    criteria = models.TextField(_("criteria"), blank=True)
    nominations_close_on = models.DateField(_("nominations close"))
    winners_count = models.PositiveSmallIntegerField(_("number of winners"), default=1)
    ceremony = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="award_rounds"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AwardRoundStatus.choices,
        default=AwardRoundStatus.NOMINATING,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["-nominations_close_on", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id


class Nomination(models.Model):
    award_round = models.ForeignKey(
        AwardRound, on_delete=models.CASCADE, related_name="nominations"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="nominations"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="nominations"
    )
    reason = models.TextField(_("reason for the nomination"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_winner = models.BooleanField(_("winner"), default=False)
    # Shown on the public list only with the nominee's consent, and only this name.
    public_consent = models.BooleanField(_("consents to being named publicly"), default=False)
    public_name = models.CharField(_("name for the public list"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(company__isnull=False) & Q(person__isnull=True))
                | (Q(company__isnull=True) & Q(person__isnull=False)),
                name="nomination_names_one_nominee",
            ),
            models.UniqueConstraint(
                fields=["award_round", "company"], name="nomination_unique_company"
            ),
            models.UniqueConstraint(
                fields=["award_round", "person"], name="nomination_unique_person"
            ),
        ]

    def __str__(self) -> str:
        return self.nominee_name

    @property
    def nominee_name(self) -> str:
        if self.company is not None:
            return self.company.name
        return self.person.full_name if self.person is not None else ""

    @property
    def owning_office_id(self) -> int | None:
        return self.award_round.office_id


class JuryVote(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score (1-5)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jury vote")
        verbose_name_plural = _("jury votes")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "juror"], name="jury_vote_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="jury_vote_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.score}"

    @property
    def owning_office_id(self) -> int | None:
        return self.nomination.award_round.office_id


class Ambassador(models.Model):
    """A young person or entrepreneur who speaks at events for the office."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="ambassadors")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="ambassador_roles"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="ambassadors"
    )
    profile = models.TextField(_("profile"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ambassador")
        verbose_name_plural = _("ambassadors")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(company__isnull=False) & Q(person__isnull=True))
                | (Q(company__isnull=True) & Q(person__isnull=False)),
                name="ambassador_is_person_or_company",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        return self.company.name if self.company is not None else ""

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id


class AmbassadorAppearance(models.Model):
    ambassador = models.ForeignKey(Ambassador, on_delete=models.CASCADE, related_name="appearances")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="appearances")
    role = models.CharField(_("role at the event"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")
        constraints = [
            models.UniqueConstraint(fields=["ambassador", "event"], name="appearance_once")
        ]

    def __str__(self) -> str:
        return f"{self.ambassador} @ {self.event}"

    @property
    def owning_office_id(self) -> int | None:
        return self.event.office_id
