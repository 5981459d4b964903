"""Process chains (Prozessketten): versioned templates of steps, district partners, runs.

Texts meant for companies and young people are stored per language in JSON
(``{"de": {...}, "en": {...}}``); German is required, the others optional.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.fields import EncryptedTextField
from kausa.core.models import District, Office, Organisation
from kausa.counselling.models import Case
from kausa.partners.models import Partner, PartnerType
from kausa.people.models import Person

HANDOUT_LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("tr", _("Turkish")),
    ("fa", _("Persian (Farsi)")),
]


class Audience(models.TextChoices):
    COMPANY = "company", _("company")
    PERSON = "person", _("young person")


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    RETIRED = "retired", _("retired")


class Responsible(models.TextChoices):
    COMPANY = "company", _("the company")
    PERSON = "person", _("the person")
    OFFICE = "office", _("the KAUSA office")
    PARTNER = "partner", _("a network partner")


class ChainTemplate(models.Model):
    """One version of a process chain. Published versions are immutable."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="chain_templates"
    )
    key = models.SlugField(_("key"), max_length=80)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    valid_from = models.DateField(_("valid from"))
    texts = models.JSONField(_("title and summary per language"), default=dict)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("process chain template")
        verbose_name_plural = _("process chain templates")
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key", "version"], name="chain_template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title()} (v{self.version})"

    def title(self, language: str = "de") -> str:
        return str(text_in(self.texts, language).get("title", self.key))

    def summary(self, language: str = "de") -> str:
        return str(text_in(self.texts, language).get("summary", ""))

    @property
    def is_editable(self) -> bool:
        return self.status == TemplateStatus.DRAFT


def text_in(texts: dict[str, Any], language: str) -> dict[str, Any]:
    """The texts of one language, German where the language has none."""
    return texts.get(language) or texts.get("de") or {}


class ChainStep(models.Model):
    template = models.ForeignKey(ChainTemplate, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=80)
    texts = models.JSONField(_("texts per language"), default=dict)  # title, description, documents
    responsible = models.CharField(_("responsible"), max_length=10, choices=Responsible.choices)
    partner_type = models.CharField(
        _("partner type"), max_length=30, choices=PartnerType.choices, blank=True
    )
    typical_duration_days = models.PositiveSmallIntegerField(
        _("typical duration (days)"), null=True, blank=True
    )
    optional = models.BooleanField(_("optional"), default=False)
    condition = models.JSONField(_("condition"), null=True, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    source_note = models.CharField(_("note on the source"), max_length=500, blank=True)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    # The yearly review: who checked the step against its sources last, and what they noted.
    checked_note = models.CharField(_("note on the check"), max_length=500, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="chain_step_key_unique")
        ]

    def __str__(self) -> str:
        return self.title()

    def title(self, language: str = "de") -> str:
        return str(text_in(self.texts, language).get("title", self.key))

    def description(self, language: str = "de") -> str:
        return str(text_in(self.texts, language).get("description", ""))

    def documents(self, language: str = "de") -> list[str]:
        return list(text_in(self.texts, language).get("documents", []))


class DistrictPartner(models.Model):
    """The district variant: which partner of a type serves a district in this chain."""

    template = models.ForeignKey(
        ChainTemplate, on_delete=models.CASCADE, related_name="district_partners"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    partner_type = models.CharField(max_length=30, choices=PartnerType.choices)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["template", "district", "partner_type"], name="district_partner_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district_id} {self.partner_type}: {self.partner}"


class StepStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class ChainRun(models.Model):
    """A chain started for one person or company; it stays on the version it started with."""

    template = models.ForeignKey(ChainTemplate, on_delete=models.PROTECT, related_name="runs")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="chain_runs")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="chain_runs"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="chain_runs"
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="chain_runs"
    )
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, related_name="+")
    language = models.CharField(
        _("second language of the hand-out"), max_length=3, choices=HANDOUT_LANGUAGES, default="de"
    )
    context = models.JSONField(default=dict)  # what the conditions were evaluated against
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="chain_runs"
    )
    started_on = models.DateField(_("started on"))

    class Meta:
        verbose_name = _("process chain")
        verbose_name_plural = _("process chains")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, company__isnull=True)
                | models.Q(person__isnull=True, company__isnull=False),
                name="chain_run_has_one_subject",
            )
        ]

    def __str__(self) -> str:
        return self.template.title()

    @property
    def owning_office_id(self) -> int | None:
        """The office that runs the chain changes it (see core.access)."""
        return self.office_id


class ChainRunStep(models.Model):
    run = models.ForeignKey(ChainRun, on_delete=models.CASCADE, related_name="run_steps")
    step = models.ForeignKey(ChainStep, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.OPEN
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    partner = models.ForeignKey(
        Partner, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["step__position", "id"]

    def __str__(self) -> str:
        return self.step.title()

    @property
    def owning_office_id(self) -> int | None:
        return self.run.office_id
