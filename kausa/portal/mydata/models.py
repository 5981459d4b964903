"""A young person's own view of their data: the one-time links that open it, and the
requests for an export or an erasure that the office then decides."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.fields import EncryptedTextField
from kausa.core.models import Office
from kausa.people.models import Person


class AccessLink(models.Model):
    """One emailed my-data link. The token in the mail names this row and carries a random
    nonce whose hash is stored here; opening the link sets `used_at`, so it works once."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    nonce_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("my-data link")
        verbose_name_plural = _("my-data links")
        indexes = [models.Index(fields=["person", "created_at"], name="mydata_link_person_at")]

    def __str__(self) -> str:
        return f"link {self.pk}"


class DataRequestKind(models.TextChoices):
    EXPORT = "export", _("a copy of my data (Art. 15 and 20 GDPR)")
    ERASURE = "erasure", _("erase my data (Art. 17 GDPR)")


class DataRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")


class DataRequest(models.Model):
    """A person asked for an export or an erasure through the portal. Nothing happens until
    staff of the office confirm it; the row stays (without the person) after an erasure."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    # Empty once the person is erased: the request remains as the record that it was done.
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("request"), max_length=10, choices=DataRequestKind.choices)
    message = EncryptedTextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DataRequestStatus.choices, default="open"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = EncryptedTextField(_("reason or note"), blank=True)

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status", "created_at"], name="mydata_request_office")
        ]

    def __str__(self) -> str:
        return str(_("Data request %(number)s") % {"number": self.pk})

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id
