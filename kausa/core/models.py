"""Tenancy (organisation, office), staff users, reference tables and the audit trail."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kausa.core.audit_guard import refuse_unless_redacting


class ArchivableRecord(models.Model):
    """A record that is archived (hidden from lists) instead of deleted, with its timestamps."""

    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class ContactPerson(models.Model):
    """A contact person of a company or network partner."""

    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        abstract = True
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    """What the organisation calls itself. The service offices of the JOBSTARTER
    programme ended in 2022; today there are KAUSA-Landesstellen and other bodies."""

    LANDESSTELLE = "landesstelle", _("KAUSA state office (KAUSA-Landesstelle)")
    KOORDINIERUNGSSTELLE = "koordinierungsstelle", _("coordination office (Koordinierungsstelle)")
    REGIONALSTELLE = "regionalstelle", _("regional office (Regionalstelle)")
    OTHER = "other", _("other (named by its name only)")


# How texts name an office of each kind, e.g. "Ihre KAUSA-Landesstelle".
ORGANISATION_KIND_NAMES = {
    OrganisationKind.LANDESSTELLE: "KAUSA-Landesstelle",
    OrganisationKind.KOORDINIERUNGSSTELLE: "KAUSA-Koordinierungsstelle",
    OrganisationKind.REGIONALSTELLE: "KAUSA-Regionalstelle",
    OrganisationKind.OTHER: "KAUSA-Stelle",
}


class Organisation(models.Model):
    """A state office (Landesstelle) or carrier with one or more offices."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.OTHER
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_name(self) -> str:
        """The kind as texts use it: "KAUSA-Landesstelle", or "KAUSA-Stelle" for others."""
        return ORGANISATION_KIND_NAMES[OrganisationKind(self.kind)]


class District(models.Model):
    """Landkreis or kreisfreie Stadt, keyed by its official 5-digit key (AGS)."""

    key = models.CharField(_("district key"), max_length=5, primary_key=True)
    nuts3 = models.CharField(_("NUTS-3 code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=120)
    district_type = models.CharField(_("type"), max_length=60)
    state = models.CharField(_("state"), max_length=60)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OccupationQuerySet(models.QuerySet["Occupation"]):
    @staticmethod
    def _valid_on(day: datetime.date | None) -> models.Q:
        day = day or timezone.localdate()
        starts = models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)
        ends = models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        return starts & ends

    def current(self, day: datetime.date | None = None) -> OccupationQuerySet:
        """Occupations valid on ``day`` (default: today)."""
        return self.filter(self._valid_on(day))

    def offered(self, keep: Iterable[object] = ()) -> OccupationQuerySet:
        """What a form offers: the current occupations, plus those a record already points at
        (``keep``: primary keys), so editing it never drops a replaced one unasked."""
        kept = [pk for pk in keep if pk]
        return self.filter(self._valid_on(None) | models.Q(pk__in=kept))


class Occupation(models.Model):
    """A recognised dual training occupation (Ausbildungsberuf)."""

    class CompetentBody(models.TextChoices):
        IHK = "IHK", _("Chamber of industry and commerce (IHK)")
        HWK = "HWK", _("Chamber of crafts (HWK)")
        OTHER = "other", _("Other competent body")

    key = models.SlugField(_("key"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kldb_code = models.CharField(_("KldB 2010 code"), max_length=5, db_index=True)
    duration_months = models.PositiveSmallIntegerField(_("duration in months"))
    competent_body = models.CharField(
        _("competent body"), max_length=5, choices=CompetentBody.choices
    )
    # A replaced occupation stays (old records keep their meaning) with its last day and the
    # occupation replacing it; forms offer only current ones (`Occupation.objects.current()`).
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
    )

    objects = OccupationQuerySet.as_manager()

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name, followed by the names of the occupations it replaced, if any:
        "Gold- und Silberschmied/-in (früher Goldschmied/-in, Silberschmied/-in)"."""
        earlier = [occupation.name for occupation in self.predecessors.all()]
        if not earlier:
            return self.name
        return gettext("%(name)s (formerly %(earlier)s)") % {
            "name": self.name,
            "earlier": ", ".join(earlier),
        }


class Office(models.Model):
    """A KAUSA office: the tenant that owns the personal data of the people it counsels."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=_("district")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    # The districts whose requests this office takes (the public portal routes by it); within
    # an organisation a district has at most one office (checked by kausa.administration).
    districts_served = models.ManyToManyField(
        District, blank=True, related_name="serving_offices", verbose_name=_("districts served")
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="office_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    READ_ONLY = "read_only", _("Read-only colleague")
    TEAM_LEAD = "team_lead", _("Team lead")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A staff member. Counsellors and read-only colleagues belong to one office."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("organisation"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("office"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.READ_ONLY)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["counsellor", "read_only"])
                | models.Q(office__isnull=False),
                name="user_office_staff_have_office",
            )
        ]

    @property
    def organisation_pk(self) -> int:
        """The organisation whose data this user works on; staff without one see nothing."""
        if self.organisation_id is None:
            raise PermissionDenied
        return self.organisation_id

    @property
    def sees_all_offices(self) -> bool:
        return self.role in {Role.TEAM_LEAD, Role.ADMIN}

    @property
    def can_write(self) -> bool:
        return self.is_active and self.role != Role.READ_ONLY

    def works_in(self, office: Office | int | None) -> bool:
        """The read rule for what only the owning office sees (residence status, session
        notes, consents, chain-step notes, hand-outs naming a person): its members, read-only
        colleagues included; not team leads, not offices a person is shared with."""
        office_id = office.pk if isinstance(office, Office) else office
        return office_id is not None and self.office_id == office_id

    def can_write_for(self, office: Office | int | None) -> bool:
        """The one write rule for records an office owns (people, cases, referrals, consents,
        chain runs, proposals, matching runs): an active, writing member of that office.
        Team leads read every office of their organisation but change none of them."""
        return self.can_write and self.works_in(office)

    def can_write_shared(self, organisation_id: int | None) -> bool:
        """The write rule for records the offices of an organisation share (companies,
        places, partners): any writing member of that organisation."""
        return (
            self.can_write
            and organisation_id is not None
            and self.organisation_id == organisation_id
        )

    @property
    def can_configure(self) -> bool:
        """Organisation settings (chain templates, topics, weights): team leads and admins."""
        return self.is_active and self.role in {Role.TEAM_LEAD, Role.ADMIN}


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Bulk changes are refused like single ones (the database triggers refuse them too)."""

    def update(self, **kwargs: Any) -> int:
        refuse_unless_redacting("update")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        refuse_unless_redacting("delete")
        return super().delete()


class AuditEntry(models.Model):
    """An append-only record of who did what to which object. Never personal data in it.

    Database triggers (migration core 0004) refuse UPDATE and DELETE on PostgreSQL and SQLite;
    only `kausa.core.audit.audit_redaction()` lifts that, for one transaction. On SQLite, a
    migration that alters this table rebuilds it and drops the triggers: such a migration must
    re-create them (copy the SQL of 0004); `test_audit_immutability` checks they exist.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    # No database constraint and no cascade: deleting a staff account or an office must not
    # touch (and so be blocked by) the immutable trail; the id stays as a pseudonym.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # The organisation whose data was touched: the trail stays visible to its team leads even
    # after the actor's account is deleted or the change was made by the system.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("office"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    # Where the request came from (see TRUSTED_PROXY_COUNT); empty for the worker and commands.
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            refuse_unless_redacting("update")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        refuse_unless_redacting("delete")
        return super().delete(*args, **kwargs)
