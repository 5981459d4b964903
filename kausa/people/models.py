"""Young people and adults seeking training, owned by one office."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kausa.core.choices import (
    LANGUAGES,
    GermanLevel,
    LanguageLevel,
    RecognitionStatus,
    SchoolCertificate,
)
from kausa.core.models import ArchivableRecord, District, Occupation, Office


class Person(ArchivableRecord):
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="people", verbose_name=_("office")
    )
    shared_with_offices = models.ManyToManyField(
        Office, blank=True, related_name="shared_people", verbose_name=_("shared with offices")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    lives_abroad = models.BooleanField(_("lives abroad"), default=False)
    country_of_residence = models.CharField(_("country of residence"), max_length=80, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    german_level = models.PositiveSmallIntegerField(
        _("German level"), choices=GermanLevel.choices, default=GermanLevel.NONE
    )
    school_certificate = models.PositiveSmallIntegerField(
        _("school leaving certificate"),
        choices=SchoolCertificate.choices,
        default=SchoolCertificate.NONE,
    )
    school_certificate_country = models.CharField(
        _("country of the school certificate"), max_length=80, blank=True
    )
    recognition_status = models.CharField(
        _("recognition of the certificate"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.NOT_NEEDED,
    )
    max_commute_km = models.PositiveSmallIntegerField(_("maximum commute (km)"), default=30)
    has_driving_licence = models.BooleanField(_("driving licence"), default=False)
    available_from = models.DateField(_("available from"), null=True, blank=True)

    search_text = models.CharField(max_length=250, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["office", "archived_at"]),
            # the people list: one office's unarchived people in name order, one page at a time
            models.Index(
                fields=["office", "archived_at", "last_name", "first_name", "id"],
                name="person_office_name_order",
            ),
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def owning_office_id(self) -> int | None:
        """Only this office changes the person; offices it is shared with read."""
        return self.office_id


class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=3, choices=LANGUAGES)
    level = models.PositiveSmallIntegerField(_("level"), choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_language_display()} ({self.get_level_display()})"


class DesiredOccupation(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="desired_occupations")
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("desired occupation")
        verbose_name_plural = _("desired occupations")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "occupation"], name="desired_occupation_unique"
            ),
            models.UniqueConstraint(
                fields=["person", "rank"], name="desired_occupation_rank_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.occupation}"


class ResidenceStatus(models.TextChoices):
    GERMAN = "german", _("German citizen")
    EU = "eu", _("EU/EEA citizen")
    PERMANENT = "permanent", _("settlement permit / permanent residence")
    PROTECTION = "protection", _("residence permit for protection (refugee, subsidiary)")
    TEMPORARY_PROTECTION = "temporary_protection", _("temporary protection (§ 24 AufenthG)")
    ASYLUM_PENDING = "asylum_pending", _("asylum procedure pending (Aufenthaltsgestattung)")
    TOLERATED = "tolerated", _("tolerated (Duldung)")
    TRAINING_TOLERATION = "training_toleration", _("training toleration (§ 60c AufenthG)")
    TRAINING_PERMIT = "training_permit", _("residence permit for training (§ 16a / § 16g AufenthG)")
    OTHER_PERMIT = "other_permit", _("other residence permit")
    ABROAD_VISA_NEEDED = "abroad_visa", _("abroad, visa needed")
    UNKNOWN = "unknown", _("unknown / not asked")


class Gender(models.TextChoices):
    """Gender as the person states it: asked for the funder's statistics (ESF reports count
    women, men and diverse), never an input to matching."""

    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")
    NOT_STATED = "not_stated", _("prefers not to say")


class PersonSensitive(models.Model):
    """Special-category data kept apart: only staff of the owning office see it."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="sensitive")
    residence_status = models.CharField(
        _("residence status"),
        max_length=30,
        choices=ResidenceStatus.choices,
        default=ResidenceStatus.UNKNOWN,
    )
    residence_valid_until = models.DateField(
        _("residence document valid until"), null=True, blank=True
    )
    has_migration_background = models.BooleanField(_("migration background"), null=True, blank=True)
    has_refugee_background = models.BooleanField(_("refugee background"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)

    class Meta:
        verbose_name = _("sensitive data")
        verbose_name_plural = _("sensitive data")

    def __str__(self) -> str:
        return str(_("sensitive data"))

    @property
    def owning_office_id(self) -> int | None:
        return self.person.office_id


class GuardianRelation(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    GUARDIAN = "guardian", _("legal guardian")
    OTHER = "other", _("other relative or carer")


class Guardian(models.Model):
    """A parent or guardian of a young person: invited to parents' evenings in their own
    language, and the one who consents for a minor."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="guardians")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    relation = models.CharField(_("relation"), max_length=20, choices=GuardianRelation.choices)
    language = models.CharField(_("preferred language"), max_length=3, choices=LANGUAGES)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        ordering = ["last_name", "first_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def owning_office_id(self) -> int | None:
        return self.person.office_id
