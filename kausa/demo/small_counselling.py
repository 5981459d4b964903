"""Demo counselling: cases with sessions, next steps, consents and referrals, and company cases.

All texts are synthetic stock phrases; nothing is copied from real counselling.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kausa.companies.models import Company
from kausa.core.models import Office, Role, User
from kausa.counselling.models import (
    Case,
    CaseStageChange,
    CompanyStage,
    Consent,
    CounsellingSession,
    EndReason,
    NextStep,
    PersonStage,
    Referral,
    ReferralStatus,
    ReferralStatusChange,
)
from kausa.demo.context import DemoContext
from kausa.partners.models import Partner, Topic
from kausa.people.models import Person

CASE_SHARE = 0.7  # of the people of an office have a case
COMPANY_CASES_PER_OFFICE = 6
PERSON_STAGES = [
    (PersonStage.FIRST_CONTACT, 2.0),
    (PersonStage.IN_COUNSELLING, 5.0),
    (PersonStage.APPLYING, 3.0),
    (PersonStage.ENTRY_QUALIFICATION, 1.0),
    (PersonStage.TRAINING_STARTED, 1.5),
    (PersonStage.ENDED, 0.8),
]
COMPANY_STAGES = [
    (CompanyStage.COUNSELLING, 3.0),
    (CompanyStage.TRAINER_QUALIFICATION, 1.5),
    (CompanyStage.CHAMBER_REGISTRATION, 1.0),
    (CompanyStage.FIRST_APPRENTICE, 0.8),
    (CompanyStage.ONGOING, 0.5),
]
CHANNELS = [
    ("in_person", 5.0),
    ("phone", 3.0),
    ("video", 1.0),
    ("messenger", 1.5),
    ("outreach", 0.7),
]
NOTE_PHRASES = (
    "Berufswünsche besprochen, Praktikum als nächster Schritt.",
    "Bewerbungsunterlagen gemeinsam überarbeitet.",
    "Fragen zur Anerkennung des Schulabschlusses geklärt.",
    "Über den Berufssprachkurs für Auszubildende informiert.",
    "Unterlagen für die Ausländerbehörde zusammengestellt.",
    "Möglichkeiten der Förderung (AsA flex, BAB) erläutert.",
    "Vorstellungsgespräch vorbereitet, Fahrtweg geklärt.",
    "Eltern beim Beratungsgespräch dabei, Fragen zum Ablauf der Ausbildung.",
)
COMPANY_NOTE_PHRASES = (
    "Voraussetzungen für die Ausbildungsberechtigung besprochen.",
    "Termin mit der Ausbildungsberatung der Kammer vereinbart.",
    "Vorbereitungskurs zur Ausbildereignung (AEVO) empfohlen.",
    "Verbundausbildung als Möglichkeit vorgestellt.",
)
STEP_TITLES = (
    "Lebenslauf prüfen",
    "Termin bei der Agentur für Arbeit nachhalten",
    "Rückmeldung des Betriebs erfragen",
    "Anmeldung zum Sprachkurs klären",
    "Unterlagen zur Anerkennung einreichen",
    "Praktikumsplatz anfragen",
)
TOPIC_FOR_PARTNER_TYPE = {
    "foreigners_office": "residence-work-permit",
    "iq_network": "recognition",
    "language_courses": "language-courses",
    "employment_agency": "applications",
    "migration_counselling": "residence-work-permit",
}


def create_counselling(
    ctx: DemoContext,
    offices: list[Office],
    people: list[Person],
    companies: list[Company],
    partners: list[Partner],
) -> None:
    counsellors = {
        user.office_id: user
        for user in User.objects.filter(office__in=offices, role=Role.COUNSELLOR)
    }
    topics = {topic.code: topic for topic in Topic.objects.order_by("code")}
    topic_list = list(topics.values())
    serving = [p for p in partners if p.partner_type in TOPIC_FOR_PARTNER_TYPE]
    districts_of = {
        partner.pk: set(partner.districts.values_list("pk", flat=True)) for partner in serving
    }
    writer = _Writer()
    for person in people:
        if person.office_id in counsellors and ctx.chance(CASE_SHARE):
            _person_case(
                ctx,
                writer,
                person,
                counsellors[person.office_id],
                topics,
                topic_list,
                serving,
                districts_of,
            )
    for office in offices:
        counsellor = counsellors.get(office.pk)
        if counsellor is None:
            continue
        picks = ctx.rng.choice(len(companies), size=COMPANY_CASES_PER_OFFICE, replace=False)
        for index in sorted(int(i) for i in picks):
            _company_case(ctx, writer, office, companies[index], counsellor, topic_list)
    writer.flush()
    for case in writer.cases:
        ctx.log_created(case, case.office)


class _Writer:
    """Collects rows and writes them in bulk, parents before children."""

    def __init__(self) -> None:
        self.cases: list[Case] = []
        self.stages: list[CaseStageChange] = []
        self.sessions: list[tuple[CounsellingSession, list[Topic]]] = []
        self.steps: list[NextStep] = []
        self.consents: list[Consent] = []
        self.referrals: list[Referral] = []

    def flush(self) -> None:
        Case.objects.bulk_create(self.cases, batch_size=500)
        # The rows were built before their case had a key; bulk_create filled it in.
        for stage in self.stages:
            stage.case_id = stage.case.pk
        for step in self.steps:
            step.case_id = step.case.pk
        for session, _topics in self.sessions:
            session.case_id = session.case.pk
        for referral in self.referrals:
            referral.case_id = referral.case.pk
        CaseStageChange.objects.bulk_create(self.stages, batch_size=500)
        CounsellingSession.objects.bulk_create([s for s, _t in self.sessions], batch_size=500)
        links = CounsellingSession.topics.through
        links.objects.bulk_create(
            [
                links(counsellingsession_id=session.pk, topic_id=topic.pk)
                for session, topics in self.sessions
                for topic in topics
            ],
            batch_size=500,
        )
        NextStep.objects.bulk_create(self.steps, batch_size=500)
        Consent.objects.bulk_create(self.consents, batch_size=500)
        for referral in self.referrals:
            referral.consent_id = referral.consent.pk if referral.consent else None
        Referral.objects.bulk_create(self.referrals, batch_size=500)
        ReferralStatusChange.objects.bulk_create(
            [
                ReferralStatusChange(referral=referral, status=referral.status)
                for referral in self.referrals
            ],
            batch_size=500,
        )


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _person_case(
    ctx: DemoContext,
    writer: _Writer,
    person: Person,
    counsellor: User,
    topics: dict[str, Topic],
    topic_list: list[Topic],
    serving: list[Partner],
    districts_of: dict[int, set[str]],
) -> None:
    opened = ctx.today - timedelta(days=int(ctx.rng.integers(7, 400)))
    stage = ctx.weighted(PERSON_STAGES)
    ended = stage == PersonStage.ENDED
    case = Case(
        office_id=person.office_id,
        person=person,
        counsellor=counsellor,
        stage=stage,
        opened_on=opened,
        closed_at=_moment(ctx.today - timedelta(days=int(ctx.rng.integers(1, 60))))
        if ended
        else None,
        end_reason=ctx.pick([r for r in EndReason.values if r != "other"]) if ended else "",
    )
    writer.cases.append(case)
    writer.stages.append(CaseStageChange(case=case, stage=PersonStage.FIRST_CONTACT))
    if stage != PersonStage.FIRST_CONTACT:
        writer.stages.append(CaseStageChange(case=case, stage=stage, end_reason=case.end_reason))
    given_on = opened
    for purpose in ("counselling", "matching"):
        writer.consents.append(
            Consent(
                person=person,
                purpose=purpose,
                text_version="2026-01",
                given_on=given_on,
                language="de",
                method="written",
                recorded_by=counsellor,
            )
        )
    sessions = 0 if stage == PersonStage.FIRST_CONTACT else int(ctx.rng.integers(1, 5))
    span = max(1, (ctx.today - opened).days)
    for _ in range(sessions):
        held = opened + timedelta(days=int(ctx.rng.integers(0, span)))
        chosen = [ctx.pick(topic_list) for _ in range(int(ctx.rng.integers(1, 3)))]
        writer.sessions.append(
            (
                CounsellingSession(
                    case=case,
                    held_on=held,
                    duration_minutes=int(ctx.rng.choice([20, 30, 45, 60, 90])),
                    channel=ctx.weighted(CHANNELS),
                    language=ctx.pick(["de", "de", "ar", "uk", "en"]),
                    interpreter=ctx.chance(0.15),
                    notes=ctx.pick(NOTE_PHRASES),
                    recorded_by=counsellor,
                ),
                list(dict.fromkeys(chosen)),
            )
        )
    if not ended and ctx.chance(0.6):
        due = ctx.today + timedelta(days=int(ctx.rng.integers(-10, 21)))
        writer.steps.append(
            NextStep(case=case, title=ctx.pick(STEP_TITLES), due_on=due, owner=counsellor)
        )
    if sessions and serving and ctx.chance(0.35):
        local = [p for p in serving if person.district_id in districts_of[p.pk]]
        partner = ctx.pick(local or serving)
        consent = Consent(
            person=person,
            purpose="referral",
            partner=partner,
            text_version="2026-01",
            given_on=given_on,
            language="de",
            method="written",
            recorded_by=counsellor,
        )
        writer.consents.append(consent)
        writer.referrals.append(
            Referral(
                case=case,
                partner=partner,
                consent=consent,
                topic=topics[TOPIC_FOR_PARTNER_TYPE[partner.partner_type]],
                shared_fields=["name", "contact", "languages"],
                status=ctx.pick(ReferralStatus.values),
                created_by=counsellor,
                outside_district_reason="" if local else "Kein Partner im Landkreis der Person",
            )
        )


def _company_case(
    ctx: DemoContext,
    writer: _Writer,
    office: Office,
    company: Company,
    counsellor: User,
    topic_list: list[Topic],
) -> None:
    opened = ctx.today - timedelta(days=int(ctx.rng.integers(14, 300)))
    stage = ctx.weighted(COMPANY_STAGES)
    case = Case(
        office=office, company=company, counsellor=counsellor, stage=stage, opened_on=opened
    )
    writer.cases.append(case)
    writer.stages.append(CaseStageChange(case=case, stage=CompanyStage.FIRST_CONTACT))
    writer.stages.append(CaseStageChange(case=case, stage=stage))
    writer.sessions.append(
        (
            CounsellingSession(
                case=case,
                held_on=opened + timedelta(days=int(ctx.rng.integers(0, 10))),
                duration_minutes=60,
                channel="in_person",
                language="de",
                notes=ctx.pick(COMPANY_NOTE_PHRASES),
                recorded_by=counsellor,
            ),
            [ctx.pick(topic_list)],
        )
    )
