"""Matching in the staff UI: office weights, proposals (Vermittlungsvorschläge), matching runs."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from kausa.core.models import Office
from kausa.people.models import Person
from kausa.vacancies.models import Vacancy


def _weight(label: StrOrPromise, default: float) -> models.FloatField[float, float]:
    return models.FloatField(
        label, default=default, validators=[MinValueValidator(0.0), MaxValueValidator(10.0)]
    )


class MatchingWeights(models.Model):
    """An office's weights of the score factors (only their ratios matter)."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="matching_weights")
    occupation_fit = _weight(_("occupation fit"), 0.30)
    commute = _weight(_("commute"), 0.20)
    german_level = _weight(_("German level"), 0.15)
    school_certificate = _weight(_("school certificate"), 0.10)
    start_date = _weight(_("start date"), 0.10)
    driving_licence = _weight(_("driving licence"), 0.10)
    shared_language = _weight(_("shared language"), 0.05)
    cap_multiple = models.FloatField(
        _("suggestions per seat at most"),
        default=3.0,
        validators=[MinValueValidator(1.0), MaxValueValidator(20.0)],
    )

    class Meta:
        verbose_name = _("matching weights")
        verbose_name_plural = _("matching weights")

    def __str__(self) -> str:
        return str(self.office)

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    APPLICATION_SENT = "application_sent", _("application sent")
    INTERVIEW = "interview", _("interview")
    TRIAL = "trial", _("internship / trial work")
    CONTRACT_SIGNED = "contract_signed", _("contract signed")
    DECLINED_BY_PERSON = "declined_by_person", _("declined by the person")
    DECLINED_BY_COMPANY = "declined_by_company", _("declined by the company")


# The path forward; a decline ends it at any open step (see Proposal.next_statuses).
_FORWARD_STATUSES: dict[str, tuple[str, ...]] = {
    ProposalStatus.PROPOSED: (ProposalStatus.APPLICATION_SENT,),
    ProposalStatus.APPLICATION_SENT: (ProposalStatus.INTERVIEW, ProposalStatus.TRIAL),
    ProposalStatus.INTERVIEW: (ProposalStatus.TRIAL, ProposalStatus.CONTRACT_SIGNED),
    ProposalStatus.TRIAL: (ProposalStatus.CONTRACT_SIGNED,),
    ProposalStatus.CONTRACT_SIGNED: (),
    ProposalStatus.DECLINED_BY_PERSON: (),
    ProposalStatus.DECLINED_BY_COMPANY: (),
}
DECLINED = (ProposalStatus.DECLINED_BY_PERSON, ProposalStatus.DECLINED_BY_COMPANY)


class DeclineReason(models.TextChoices):
    OTHER_PLACE = "other_place", _("chose another place")
    COMMUTE = "commute", _("commute too long")
    LANGUAGE = "language", _("German not yet sufficient")
    QUALIFICATION = "qualification", _("school certificate or skills not sufficient")
    PERMIT = "permit", _("work permit missing or refused")
    INTEREST = "interest", _("no longer interested")
    NO_RESPONSE = "no_response", _("no response")
    OTHER = "other", _("other reason")


class Proposal(models.Model):
    """A counsellor's decision to propose a person for a place. Never made automatically."""

    class Source(models.TextChoices):
        SUGGESTION = "suggestion", _("from the suggestions")
        MATCHING_RUN = "matching_run", _("from a matching run")
        MANUAL = "manual", _("manual (outside the suggestions)")

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposals")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(
        _("status"), max_length=30, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    score = models.FloatField(_("score"), null=True, blank=True)
    factors = models.JSONField(_("factors"), default=list, blank=True)
    # Set when the proposal followed a contact made at an event (fair, speed dating).
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("event"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "vacancy"], name="proposal_unique_pair")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.vacancy}"

    @property
    def owning_office_id(self) -> int | None:
        """The office that made the proposal (the person's office) follows it up."""
        return self.office_id

    @property
    def is_open(self) -> bool:
        return bool(_FORWARD_STATUSES[self.status])

    def next_statuses(self) -> tuple[str, ...]:
        """The statuses this proposal may move to: one step on, or a decline while open.
        The status machine lives here; `proposal_set_status` is the only validator."""
        return _FORWARD_STATUSES[self.status] + (DECLINED if self.is_open else ())


class ProposalStatusChange(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=30, choices=ProposalStatus.choices)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.status}"


class MatchingRun(models.Model):
    """An office-wide stable assignment computed in the worker, shown for review."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="matching_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    # The last sign of life from the worker; a run silent for too long is marked failed.
    progressed_at = models.DateTimeField(null=True, blank=True)
    # Why a team lead started the run for an office (counsellors start their own office's).
    reason = models.CharField(max_length=300, blank=True)
    people_count = models.PositiveIntegerField(default=0)
    places_count = models.PositiveIntegerField(default=0)
    matched_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.office} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id

    @property
    def stalled(self) -> bool:
        """Unfinished and silent for longer than `RUN_STALL_TIMEOUT`: the worker left it
        behind. Pages show it as failed; the next start or the daily housekeeping records it."""
        if self.state not in (self.State.QUEUED, self.State.RUNNING):
            return False
        last_sign = self.progressed_at or self.created_at
        return last_sign is not None and last_sign < timezone.now() - RUN_STALL_TIMEOUT


# A run without progress for this long is given up (`MatchingRun.stalled`).
RUN_STALL_TIMEOUT = datetime.timedelta(minutes=30)


class MatchingRunPair(models.Model):
    """One pair of a run's assignment, with the score and factors at the time of the run."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    factors = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "id"]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.person_id} → {self.vacancy_id}"


def random_version_start() -> int:
    """A counter row created again (after a restore, a rolled-back test) must not repeat the
    numbers of an earlier one, or a process would take an old snapshot for current."""
    return secrets.randbelow(2**53)


class MarketVersion(models.Model):
    """Change counters of an organisation's matching market, one per side.

    Raised (an ``F()`` update, in the writing transaction) whenever a row the engine reads
    changes: people, their wishes, languages and consents; places and their companies. A
    process holding a market snapshot compares the counters to know whether it is current.
    """

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    people_version = models.PositiveBigIntegerField(default=random_version_start)
    places_version = models.PositiveBigIntegerField(default=random_version_start)

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.people_version}/{self.places_version}"
