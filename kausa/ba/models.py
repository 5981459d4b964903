"""Imports of apprenticeship offers from the job agency (BA Jobsuche) and their reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import Organisation


class ImportRun(models.Model):
    """One import of the offers around a postal code: counts, request statistics, state.

    Holds no payloads and no personal data: counts, the region query and per-offer reasons.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="ba_import_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    postal_code = models.CharField(_("postal code"), max_length=5)
    radius_km = models.PositiveSmallIntegerField(_("radius in km"))
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    # Every result page was fetched: only then may offers missing from it count as gone.
    complete = models.BooleanField(default=False)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    fetched = models.PositiveIntegerField(_("offers fetched"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    created = models.PositiveIntegerField(_("places created"), default=0)
    updated = models.PositiveIntegerField(_("places updated"), default=0)
    unchanged = models.PositiveIntegerField(_("places unchanged"), default=0)
    manual_kept = models.PositiveIntegerField(_("edited places kept"), default=0)
    closed = models.PositiveIntegerField(_("places closed"), default=0)
    reopened = models.PositiveIntegerField(_("places reopened"), default=0)
    rejected = models.PositiveIntegerField(_("offers not imported"), default=0)
    companies_created = models.PositiveIntegerField(_("companies created"), default=0)
    # What the client fetched: requests, retries, failures, seconds (RequestStats.as_dict).
    request_stats = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("job agency import")
        verbose_name_plural = _("job agency imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.postal_code}/{self.radius_km} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id

    @property
    def region(self) -> str:
        """The query key stored on the places it saw ("39104/50")."""
        return f"{self.postal_code}/{self.radius_km}"


class IssueReason(models.TextChoices):
    MISSING_FIELD = "missing_field", _("a required field is missing")
    INVALID_FIELD = "invalid_field", _("a field has an unexpected form")
    UNKNOWN_OCCUPATION = "unknown_occupation", _("occupation not in the occupation list")
    UNKNOWN_POSTAL_CODE = "unknown_postal_code", _("postal code not in the gazetteer")
    DETAILS_FAILED = "details_failed", _("the offer's details could not be fetched")
    PAGE_FAILED = "page_failed", _("a result page could not be fetched")
    WRITE_FAILED = "write_failed", _("the place could not be saved")
    MANUAL_EDIT_KEPT = "manual_edit_kept", _("changed at the agency, but edited here: kept")


class ImportIssue(models.Model):
    """Why one offer (or one page) was not imported as it came, for the team lead's report."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    refnr = models.CharField(_("reference number"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=30, choices=IssueReason.choices)
    # A field name, an HTTP status or an occupation title: never the employer or a person.
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("import issue")
        verbose_name_plural = _("import issues")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.refnr}: {self.reason}"
