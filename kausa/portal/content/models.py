"""The portal's content pages: a page per purpose (training, help, privacy, imprint, custom)
of one organisation, and its versions per language. Versions are never changed once saved,
only published: the newest published version of a language is the one the portal shows."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.models import Organisation

BODY_MAX_CHARS = 20_000
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class PagePurpose(models.TextChoices):
    TRAINING = "training", _("What dual training is")
    HELP = "help", _("How KAUSA helps")
    PRIVACY = "privacy", _("Privacy")
    IMPRINT = "imprint", _("Imprint")
    CUSTOM = "custom", _("Other page")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ContentPage(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="portal_pages",
        verbose_name=_("organisation"),
    )
    slug = models.CharField(
        _("address"),
        max_length=80,
        validators=[RegexValidator(SLUG_PATTERN)],
        help_text=_("Small letters, digits and hyphens, e.g. ausbildung."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=PagePurpose.choices, default=PagePurpose.CUSTOM
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal page")
        verbose_name_plural = _("portal pages")
        ordering = ["purpose", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="portal_content_page_unique_slug"
            ),
            # One page per fixed purpose (the footer and the navigation link to it).
            models.UniqueConstraint(
                fields=["organisation", "purpose"],
                condition=~models.Q(purpose="custom"),
                name="portal_content_page_unique_purpose",
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class ContentVersion(models.Model):
    page = models.ForeignKey(
        ContentPage, on_delete=models.CASCADE, related_name="versions", verbose_name=_("page")
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body_markdown = models.TextField(
        _("text (Markdown)"),
        max_length=BODY_MAX_CHARS,
        validators=[MaxLengthValidator(BODY_MAX_CHARS)],
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "language", "status", "published_at"])]

    def __str__(self) -> str:
        return f"{self.page_id}/{self.language}#{self.pk}"

    @property
    def organisation_id(self) -> int:
        """The page's organisation (audit entries are filed under it)."""
        return int(self.page.organisation_id)
