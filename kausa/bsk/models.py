"""Azubi-BSK: a person's job-language course status and the cache of course searches."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.people.models import Person


class CourseStatus(models.TextChoices):
    NONE = "none", _("no course yet")
    FOUND = "found", _("course found or registered")
    ATTENDING = "attending", _("attending a course")
    COMPLETED = "completed", _("course completed")


# A person with one of these needs no pooled course request.
HAS_COURSE = (CourseStatus.FOUND, CourseStatus.ATTENDING, CourseStatus.COMPLETED)


class CourseParticipation(models.Model):
    """Where a person stands with a job-language course, as staff recorded it (one per person)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="language_course", verbose_name=_("person")
    )
    status = models.CharField(
        _("course status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.NONE
    )
    course_title = models.CharField(_("course"), max_length=200, blank=True)
    provider = models.CharField(_("course provider"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("job-language course status")
        verbose_name_plural = _("job-language course statuses")

    def __str__(self) -> str:
        return str(self.get_status_display())

    @property
    def owning_office_id(self) -> int | None:
        return self.person.office_id

    @property
    def has_course(self) -> bool:
        return self.status in HAS_COURSE


class CourseSearch(models.Model):
    """The cached answer of one course search (public course data, no personal data).

    Keyed by course type, postal code and radius: exactly the region query that was sent.
    Each fetch also keeps what it cost (requests, retries, seconds) and how it ended, for the
    audit trail. Not a record of any office: it is read only through `kausa.bsk.courses`.
    """

    query_key = models.CharField(max_length=40, unique=True, editable=False)
    params = models.JSONField(default=dict, editable=False)  # what was sent, region only
    fetched_at = models.DateTimeField(null=True, editable=False)
    courses = models.JSONField(default=list, blank=True)
    course_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    requests = models.PositiveIntegerField(default=0)
    retries = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    last_error = models.CharField(max_length=100, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("course search")
        verbose_name_plural = _("course searches")

    def __str__(self) -> str:
        return self.query_key
