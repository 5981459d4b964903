"""Counselling cases of people and companies: sessions, next steps, referrals, consent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kausa.companies.models import Company
from kausa.core.choices import LANGUAGES
from kausa.core.fields import EncryptedTextField
from kausa.core.models import Office
from kausa.partners.models import Partner, Topic
from kausa.people.models import Person


class PersonStage(models.TextChoices):
    """Where a young person stands on the way into training (kept as a history)."""

    FIRST_CONTACT = "first_contact", _("first contact")
    IN_COUNSELLING = "in_counselling", _("in counselling")
    APPLYING = "applying", _("applying")
    ENTRY_QUALIFICATION = "entry_qualification", _("entry qualification / internship")
    TRAINING_STARTED = "training_started", _("training started (follow-up support)")
    TRAINING_COMPLETED = "training_completed", _("training completed")
    ENDED = "ended", _("ended")


class CompanyStage(models.TextChoices):
    """The path of a company towards training apprentices."""

    FIRST_CONTACT = "first_contact", _("first contact")
    COUNSELLING = "counselling", _("in counselling")
    TRAINER_QUALIFICATION = "trainer_qualification", _("trainer qualification (AEVO)")
    CHAMBER_REGISTRATION = "chamber_registration", _("suitability check / chamber registration")
    FIRST_APPRENTICE = "first_apprentice", _("first apprentice")
    ONGOING = "ongoing", _("training company (ongoing)")
    ENDED = "ended", _("ended")


class EndReason(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("goal reached")
    OTHER_SUPPORT = "other_support", _("continued with another service")
    MOVED_AWAY = "moved_away", _("moved away")
    NO_CONTACT = "no_contact", _("no longer reachable")
    NOT_INTERESTED = "not_interested", _("no longer interested")
    TRAINING_TERMINATED = "training_terminated", _("training terminated early")
    OTHER = "other", _("other reason")


class Case(models.Model):
    """One counselling episode of one person or one company, owned by one office."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("office")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, null=True, blank=True, related_name="cases"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("responsible counsellor"),
    )
    stage = models.CharField(_("stage"), max_length=30, default=PersonStage.FIRST_CONTACT)
    opened_on = models.DateField(_("opened on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, company__isnull=True)
                | Q(person__isnull=True, company__isnull=False),
                name="case_has_one_subject",
            )
        ]
        indexes = [
            # open cases of an office in order of opening (the start page walks it and stops)
            models.Index(fields=["office", "closed_at", "opened_on"], name="case_office_open"),
            models.Index(fields=["opened_on"], name="case_opened_on"),
        ]

    def __str__(self) -> str:
        return str(_("Case %(number)s") % {"number": self.pk})

    @property
    def is_company_case(self) -> bool:
        return self.company_id is not None

    @property
    def stage_choices(self) -> type[models.TextChoices]:
        return CompanyStage if self.is_company_case else PersonStage

    def get_stage_display(self) -> str:
        return str(dict(self.stage_choices.choices).get(self.stage, self.stage))

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id


class OwnedThroughCase:
    """Records that hang on a case (sessions, next steps, referrals, follow-up) belong to the
    office that owns the case (see kausa.core.access)."""

    case: Case

    @property
    def owning_office_id(self) -> int | None:
        return self.case.office_id


class CaseStageChange(models.Model):
    """The stage history of a case (the current stage is the latest entry)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(_("stage"), max_length=30)
    end_reason = models.CharField(
        _("reason for ending"), max_length=30, choices=EndReason.choices, blank=True
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]
        # who reached a stage before a day (the report's people in training)
        indexes = [models.Index(fields=["stage", "changed_at"], name="stage_change_stage_at")]

    def __str__(self) -> str:
        return self.get_stage_display()

    def get_stage_display(self) -> str:
        return str(dict(self.case.stage_choices.choices).get(self.stage, self.stage))


class CaseHandover(models.Model):
    """A change of the responsible counsellor."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    handed_over_at = models.DateTimeField(auto_now_add=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["handed_over_at", "id"]

    def __str__(self) -> str:
        return str(_("hand-over"))


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("phone")
    VIDEO = "video", _("video call")
    MESSENGER = "messenger", _("messenger")
    OUTREACH = "outreach", _("outreach / event")


class CounsellingSession(OwnedThroughCase, models.Model):
    """One counselling contact. The notes are encrypted at rest."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    language = models.CharField(_("language used"), max_length=3, choices=LANGUAGES, default="de")
    interpreter = models.BooleanField(_("with interpreter"), default=False)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+", verbose_name=_("topics"))
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["-held_on", "-id"]
        # The start page asks for an office's sessions this week and for open cases without a
        # recent session; both read by date.
        indexes = [
            models.Index(fields=["held_on"], name="session_held_on"),
            models.Index(fields=["case", "held_on"], name="session_case_held_on"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_channel_display()}"


class NextStep(OwnedThroughCase, models.Model):
    """A task with a due date and an owner; open steps make up the counsellor's task list."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="next_steps")
    title = models.CharField(_("next step"), max_length=200)
    due_on = models.DateField(_("due on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="next_steps",
        verbose_name=_("owner"),
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.title


class ConsentPurpose(models.TextChoices):
    COUNSELLING = "counselling", _("counselling")
    REFERRAL = "referral", _("referral to a named partner")
    MATCHING = "matching", _("matching with companies")
    PHOTOS = "photos", _("photos at events")
    NEWSLETTER = "newsletter", _("newsletter")
    # Named (not only counted) in a pooled job-language course request to the BAMF.
    LANGUAGE_COURSE = "language_course", _("named in a job-language course request to the BAMF")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("signed form")
    VERBAL = "verbal", _("verbally, noted by the counsellor")
    ONLINE = "online", _("online form")
    EMAIL = "email", _("by email")


class Consent(models.Model):
    """A person's consent to one purpose (and, for referrals, one partner)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner"),
    )
    text_version = models.CharField(_("version of the consent text"), max_length=40)
    given_on = models.DateField(_("given on"))
    language = models.CharField(_("language"), max_length=3, choices=LANGUAGES, default="de")
    method = models.CharField(_("how given"), max_length=20, choices=ConsentMethod.choices)
    guardian_name = models.CharField(_("parent or guardian"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        # Consents due for renewal and recent withdrawals on the start page.
        indexes = [
            models.Index(fields=["given_on"], name="consent_given_on"),
            # Partial: nearly every consent is not withdrawn, and an index over the empty
            # values made SQLite prefer it to the date index for the consents still valid.
            models.Index(
                fields=["withdrawn_on"],
                name="consent_withdrawn_on",
                condition=models.Q(withdrawn_on__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose="referral", partner__isnull=False) | ~Q(purpose="referral"),
                name="referral_consent_names_partner",
            )
        ]

    def __str__(self) -> str:
        return str(self.get_purpose_display())

    @property
    def owning_office_id(self) -> int | None:
        # The office that counsels the person records and withdraws their consents.
        return self.person.office_id


class SharedField(models.TextChoices):
    """What a referral may pass on to the partner (the person chooses, the record says)."""

    NAME = "name", _("name")
    CONTACT = "contact", _("email and phone")
    BIRTH_DATE = "birth_date", _("date of birth")
    ADDRESS = "address", _("postal code and place")
    LANGUAGES = "languages", _("languages and German level")
    SCHOOL = "school", _("school certificate and recognition")
    OCCUPATIONS = "occupations", _("desired occupations")
    RESIDENCE = "residence", _("residence status")


class ReferralStatus(models.TextChoices):
    # Recorded in the hub; "sent" once the hand-out was printed or emailed.
    RECORDED = "recorded", _("recorded")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted by the partner")
    APPOINTMENT = "appointment", _("appointment made")
    DONE = "done", _("done")
    NO_RESPONSE = "no_response", _("no response")


# Which outcome may follow which: the referral service accepts only these steps.
REFERRAL_NEXT: dict[str, tuple[str, ...]] = {
    # "sent" follows only by itself, when the hand-out is printed or emailed.
    ReferralStatus.RECORDED: (ReferralStatus.ACCEPTED, ReferralStatus.NO_RESPONSE),
    ReferralStatus.SENT: (ReferralStatus.ACCEPTED, ReferralStatus.NO_RESPONSE),
    ReferralStatus.ACCEPTED: (
        ReferralStatus.APPOINTMENT,
        ReferralStatus.DONE,
        ReferralStatus.NO_RESPONSE,
    ),
    ReferralStatus.APPOINTMENT: (ReferralStatus.DONE, ReferralStatus.NO_RESPONSE),
    ReferralStatus.DONE: (),
    ReferralStatus.NO_RESPONSE: (),
}


class Referral(OwnedThroughCase, models.Model):
    """Verweisberatung: a case handed to a network partner for one topic."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner")
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="+", verbose_name=_("topic")
    )
    # RESTRICT, not PROTECT: erasing a person deletes both the consent and its referrals.
    consent = models.ForeignKey(
        Consent, on_delete=models.RESTRICT, null=True, blank=True, related_name="referrals"
    )
    consent_override_reason = models.CharField(
        _("reason for referring without consent"), max_length=300, blank=True
    )
    outside_district_reason = models.CharField(
        _("reason for a partner outside the district"), max_length=300, blank=True
    )
    shared_fields = models.JSONField(_("data shared"), default=list)
    message = EncryptedTextField(_("message to the partner"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.RECORDED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(_("Referral %(number)s") % {"number": self.pk})

    def next_statuses(self) -> tuple[str, ...]:
        return REFERRAL_NEXT.get(self.status, ())

    def next_status_choices(self) -> list[tuple[str, str]]:
        """(value, label) of the statuses that may follow, in the order of the choices."""
        allowed = self.next_statuses()
        return [(value, str(label)) for value, label in ReferralStatus.choices if value in allowed]

    def shared_field_labels(self) -> list[str]:
        labels = dict(SharedField.choices)
        return [str(labels.get(name, name)) for name in self.shared_fields]


class ReferralStatusChange(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    changed_at = models.DateTimeField(auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return str(self.get_status_display())


class RetainedCount(models.Model):
    """Aggregate counts kept for reports after retention removed the people behind them."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    # Local year and month of closing; counts kept before months were recorded have none
    # and count only for whole years.
    year_closed = models.PositiveSmallIntegerField()
    month_closed = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=10)  # "person" or "company"
    final_stage = models.CharField(max_length=30)
    end_reason = models.CharField(max_length=30, blank=True)
    cases = models.PositiveIntegerField(default=0)
    sessions = models.PositiveIntegerField(default=0)
    referrals = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "office",
                    "year_closed",
                    "month_closed",
                    "kind",
                    "final_stage",
                    "end_reason",
                ],
                name="retained_count_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.year_closed} {self.final_stage}"


class FollowUpPlan(models.Model):
    """An office's offsets of the follow-up contacts during training (team leads edit them;
    an office without a saved plan uses the defaults)."""

    office = models.OneToOneField(Office, on_delete=models.CASCADE, related_name="followup_plan")
    first_contact_weeks = models.PositiveSmallIntegerField(
        _("first contact after (weeks)"), default=4
    )
    settling_in_months = models.PositiveSmallIntegerField(
        _("settling-in contact after (months)"), default=3
    )
    probation_months = models.PositiveSmallIntegerField(_("probation period (months)"), default=4)
    intermediate_exam_months = models.PositiveSmallIntegerField(
        _("intermediate exam after (months)"), default=18
    )
    lead_days = models.PositiveSmallIntegerField(
        _("contact before the end of probation and the exam (days)"), default=14
    )

    class Meta:
        verbose_name = _("follow-up plan")
        verbose_name_plural = _("follow-up plans")

    def __str__(self) -> str:
        return str(self.office)

    @property
    def owning_office_id(self) -> int | None:
        return self.office_id


class FollowUpKind(models.TextChoices):
    FIRST_WEEKS = "first_weeks", _("after the first weeks")
    SETTLING_IN = "settling_in", _("settling in")
    PROBATION_END = "probation_end", _("before the end of probation")
    INTERMEDIATE_EXAM = "intermediate_exam", _("before the intermediate exam")


class FollowUpContact(OwnedThroughCase, models.Model):
    """A planned contact during training; done when the counsellor records it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followup_contacts")
    kind = models.CharField(_("contact"), max_length=20, choices=FollowUpKind.choices)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    planned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="followup_contact_once_per_kind")
        ]
        indexes = [models.Index(fields=["done_on"])]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class WarningSign(models.TextChoices):
    COMPANY_CONFLICT = "company_conflict", _("conflict at the company")
    SCHOOL = "school", _("problems at vocational school")
    LANGUAGE = "language", _("language")
    RESIDENCE = "residence", _("residence issue")
    MONEY = "money", _("money")
    OTHER = "other", _("other")


class FollowUpWarning(OwnedThroughCase, models.Model):
    """A warning sign of a possible drop-out, recorded on a case in training."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followup_warnings")
    sign = models.CharField(_("warning sign"), max_length=20, choices=WarningSign.choices)
    noted_on = models.DateField(_("noted on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warning sign")
        verbose_name_plural = _("warning signs")
        ordering = ["-noted_on", "-id"]
        indexes = [models.Index(fields=["noted_on"])]

    def __str__(self) -> str:
        return str(self.get_sign_display())


class TrainingOutcome(models.TextChoices):
    CONTINUES = "continues", _("training continues")
    CHANGED_COMPANY = "changed_company", _("changed company, training continues")
    ENDED = "ended", _("training ended (drop-out)")


class FollowUpOutcome(OwnedThroughCase, models.Model):
    """How the training went on (one per case, updated when it changes)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="followup_outcome")
    outcome = models.CharField(_("outcome"), max_length=20, choices=TrainingOutcome.choices)
    outcome_on = models.DateField(_("as of"))
    dropout_prevented = models.BooleanField(_("drop-out prevented"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training outcome")
        verbose_name_plural = _("training outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(dropout_prevented=False) | ~Q(outcome="ended"),
                name="followup_prevented_only_if_training_goes_on",
            )
        ]
        indexes = [models.Index(fields=["outcome_on"])]

    def __str__(self) -> str:
        return str(self.get_outcome_display())
