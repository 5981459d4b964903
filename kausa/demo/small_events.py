"""Demo events: for each office a year of events (from ten months ago to two months ahead) with
the organisation's formats, registrations with consent, waiting lists, check-ins and no-shows,
contacts made at fairs, a JOBWALK and a bus tour with their stops, speed dating with wishes and a
schedule, evaluations, an award round with nominations and jury votes, and two ambassadors.

Rows are bulk-created with the fields the services fill (consent text and time, waiting-list,
move-up, cancellation and check-in times). All texts are synthetic stock phrases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from kausa.companies.models import Company, CompanyContact
from kausa.core.models import Office, Organisation, Role, User
from kausa.demo.context import DemoContext, seat_entry
from kausa.demo.names import NAME_POOLS_BY_CODE, STREETS, demo_email, email_local_part
from kausa.events.models import (
    Ambassador,
    AmbassadorAppearance,
    Audience,
    AwardCategory,
    AwardRound,
    AwardRoundStatus,
    ContactSource,
    Event,
    EventConsentText,
    EventContact,
    EventEvaluation,
    EventFormat,
    EventKind,
    EventStatus,
    JuryVote,
    Nomination,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    RouteStop,
    SpeedDatingSetup,
    SpeedDatingWish,
    TravelMode,
)
from kausa.people.models import Guardian, GuardianRelation, Person, PersonLanguage
from kausa.placements.models import Proposal, ProposalStatus, ProposalStatusChange
from kausa.reference import gazetteer
from kausa.vacancies.models import Vacancy, VacancyStatus

BERLIN = ZoneInfo("Europe/Berlin")
MONTH_DAYS = 30.4
CONSENT_VERSION = 1
GUARDIAN_LANGUAGES = ("ar", "uk", "tr")
GUARDIAN_POOL = {"ar": "SY", "uk": "UA", "tr": "TR"}
GUARDIAN_SHARE = 0.7  # of the minors whose family speaks Arabic, Ukrainian or Turkish
LOCAL_COMPANIES = 40  # the companies nearest to an office take part in its events
CANCELLED_EVENT_SHARE = 0.1
DRAFT_SHARE = 0.5  # of the events more than five weeks ahead
SHOW_UP: dict[str, float] = {
    ParticipantKind.YOUNG_PERSON: 0.8,
    ParticipantKind.PARENT: 0.75,
    ParticipantKind.COMPANY: 0.9,
}
MAX_WAITLIST = 4

FORMAT_NAMES: dict[str, str] = {
    EventKind.FAIR: "Ausbildungsforum",
    EventKind.REGULARS_TABLE: "Unternehmerstammtisch",
    EventKind.BUS_TOUR: "Bustour zu Ausbildungsbetrieben",
    EventKind.JOBWALK: "JOBWALK",
    EventKind.WORKSHOP: "JUMP!-Workshop",
    EventKind.PARENTS_EVENING: "Digitaler Elternabend Deutsch–Arabisch",
    EventKind.SPEED_DATING: "Azubi-Speed-Dating",
    EventKind.AWARD_CEREMONY: "Preisverleihung „Unternehmen mit Kultur“",
    EventKind.OTHER: "Infoabend",
}


@dataclass(frozen=True)
class KindSpec:
    """How an office runs events of a kind: time, length, places and how many want to come."""

    audience: str
    start: time
    minutes: int
    venue: str
    young: int | None = None  # places; None: no limit
    parents: int | None = None
    companies: int | None = None
    demand: tuple[int, int, int] = (0, 0, 0)  # young people, parents, companies who register
    languages: tuple[str, ...] = ("de",)
    online: bool = False
    interpreters: str = ""


KINDS: dict[str, KindSpec] = {
    EventKind.FAIR: KindSpec(
        Audience.MIXED, time(10), 300, "Stadthalle, Foyer", young=60, companies=20,
        demand=(40, 0, 16), languages=("de", "ar", "uk", "en"),
        interpreters="Arabisch und Ukrainisch am Infostand",
    ),
    EventKind.REGULARS_TABLE: KindSpec(
        Audience.COMPANIES, time(18, 30), 120, "Restaurant am Markt", companies=20,
        demand=(0, 0, 11), languages=("de", "tr"),
    ),
    EventKind.BUS_TOUR: KindSpec(
        Audience.YOUNG_PEOPLE, time(8, 30), 420, "Abfahrt am Hauptbahnhof", young=25,
        demand=(0, 0, 0), languages=("de", "ar"),
    ),
    EventKind.JOBWALK: KindSpec(
        Audience.YOUNG_PEOPLE, time(9, 30), 240, "Treffpunkt vor dem KAUSA-Büro", young=15,
    ),
    EventKind.WORKSHOP: KindSpec(
        Audience.YOUNG_PEOPLE, time(14), 180, "KAUSA-Büro, Seminarraum", young=16,
        languages=("de", "en"),
    ),
    EventKind.PARENTS_EVENING: KindSpec(
        Audience.PARENTS, time(18), 90, "Online (Videokonferenz)", parents=40,
        demand=(0, 10, 0), languages=("de", "ar"), online=True,
        interpreters="Arabisch (Dolmetscherin der Migrationsberatung)",
    ),
    EventKind.SPEED_DATING: KindSpec(
        Audience.MIXED, time(13), 150, "Berufsschulzentrum, Aula", young=24, companies=8,
        demand=(22, 0, 9),
    ),
    EventKind.AWARD_CEREMONY: KindSpec(
        Audience.MIXED, time(18), 150, "Rathaus, Festsaal", demand=(12, 0, 10),
    ),
    EventKind.OTHER: KindSpec(
        Audience.MIXED, time(17), 90, "Stadtbibliothek, Vortragsraum", young=30, parents=20,
        demand=(14, 4, 0), languages=("de", "uk"),
    ),
}  # fmt: skip
# Demand that depends on the capacity: these often fill up and get a waiting list.
DEMAND_NEAR_CAPACITY: dict[str, int] = {
    EventKind.BUS_TOUR: 24,
    EventKind.JOBWALK: 16,
    EventKind.WORKSHOP: 15,
}

# (kind, months from today): the year every office runs, each a few days apart.
PROGRAMME: tuple[tuple[str, float], ...] = (
    (EventKind.REGULARS_TABLE, -9.3), (EventKind.WORKSHOP, -8.8),
    (EventKind.PARENTS_EVENING, -8.2), (EventKind.FAIR, -7.2), (EventKind.OTHER, -6.7),
    (EventKind.REGULARS_TABLE, -6.2), (EventKind.SPEED_DATING, -5.6), (EventKind.WORKSHOP, -5.0),
    (EventKind.JOBWALK, -4.4), (EventKind.REGULARS_TABLE, -3.6),
    (EventKind.PARENTS_EVENING, -3.0), (EventKind.BUS_TOUR, -2.0),
    (EventKind.REGULARS_TABLE, -1.4), (EventKind.WORKSHOP, -0.8),
    (EventKind.PARENTS_EVENING, 0.5), (EventKind.REGULARS_TABLE, 1.0), (EventKind.WORKSHOP, 1.5),
)  # fmt: skip
# One of these past events is left out per office, so the offices' years differ.
SKIPPABLE = (EventKind.REGULARS_TABLE, EventKind.WORKSHOP, EventKind.OTHER)
CEREMONY_MONTHS = 1.2  # the first office hosts the award ceremony

Texts = dict[str, dict[str, str]]
# Per kind, in the order an office uses them: German title and description, and translations.
TEXTS: dict[str, tuple[tuple[str, str, Texts], ...]] = {
    EventKind.REGULARS_TABLE: (
        ("Unternehmerstammtisch {city}: Ausbildungsberechtigung in fünf Schritten",
         "Wie wird ein Betrieb Ausbildungsbetrieb? Die Ausbildungsberatung der Kammer erklärt "
         "Eignung, Ausbildereignung (AEVO) und Eintragung; danach Austausch bei einem Imbiss.",
         {}),
        ("Unternehmerstammtisch {city}: Azubis finden und halten",
         "Erfahrungen aus Betrieben, die junge Zugewanderte ausbilden: Ansprache, Probearbeit "
         "und Begleitung während der Berufsschule.", {}),
        ("Unternehmerstammtisch {city}: Förderung für Ausbildungsbetriebe",
         "Welche Unterstützung gibt es (AsA flex, Einstiegsqualifizierung, Berufssprachkurse)? "
         "Die Agentur für Arbeit stellt die Angebote vor.", {}),
        ("Unternehmerstammtisch {city}: Ausbildung und Aufenthaltsrecht",
         "Ausbildungsduldung, Aufenthaltserlaubnis zur Ausbildung, Beschäftigungserlaubnis: was "
         "Betriebe wissen sollten. Mit Fragen aus der Praxis.", {}),
        ("Unternehmerstammtisch {city}: Vielfalt im Team",
         "Interkulturelle Teams führen, Sprache im Betrieb, Feiertage und Arbeitszeiten: ein "
         "offener Austausch unter Unternehmerinnen und Unternehmern.", {}),
        ("Unternehmerstammtisch {city}: das Ausbildungsjahr planen",
         "Bewerbungszeiten, Praktika und gemeinsame Aktionen mit KAUSA im kommenden "
         "Ausbildungsjahr.", {}),
    ),
    EventKind.WORKSHOP: (
        ("JUMP!-Workshop: Lebenslauf und Bewerbungsmappe",
         "Wir schreiben gemeinsam einen Lebenslauf und ein Anschreiben. Bitte Zeugnisse "
         "mitbringen, wenn vorhanden.",
         {"en": {"title": "JUMP! workshop: CV and application folder",
                 "description": "Together we write a CV and a cover letter. Please bring your "
                 "school reports if you have them."},
          "uk": {"title": "Воркшоп JUMP!: резюме та документи для заявки",
                 "description": "Разом складаємо резюме та супровідний лист. Будь ласка, "
                 "візьміть із собою шкільні свідоцтва, якщо вони є."}}),
        ("JUMP!-Workshop: Vorstellungsgespräche üben",
         "Wie stelle ich mich vor? Was fragt der Betrieb? Rollenspiele mit Ausbilderinnen und "
         "Ausbildern aus der Region.",
         {"en": {"title": "JUMP! workshop: practising job interviews",
                 "description": "How do I introduce myself? What will the company ask? Role "
                 "plays with trainers from the region."}}),
        ("JUMP!-Workshop: Berufe entdecken",
         "Welcher Beruf passt zu mir? Interessentest, Berufe zum Ausprobieren und Infos zu "
         "Praktika.",
         {"ar": {"title": "ورشة JUMP!: اكتشف المهن",
                 "description": "ما المهنة التي تناسبني؟ اختبار اهتمامات، ومهن يمكن تجربتها، "
                 "ومعلومات عن التدريب العملي."}}),
        ("JUMP!-Workshop: Mein Praktikum finden",
         "Wo finde ich ein Praktikum, und wie frage ich an? Wir suchen gemeinsam und schreiben "
         "die ersten Anfragen.", {}),
    ),
    EventKind.FAIR: (
        ("Ausbildungsforum {city} {year}",
         "Betriebe aus der Region stellen ihre Ausbildungsplätze vor. Bringen Sie Ihren "
         "Lebenslauf mit und sprechen Sie direkt mit den Ausbildungsbetrieben. Beratung auf "
         "Deutsch, Arabisch und Ukrainisch.",
         {"en": {"title": "Training fair {city} {year}",
                 "description": "Companies from the region present their apprenticeships. Bring "
                 "your CV and talk directly to the training companies. Advice in German, Arabic "
                 "and Ukrainian."},
          "ar": {"title": "منتدى التدريب المهني {year}",
                 "description": "تعرض الشركات في المنطقة أماكن التدريب المهني لديها. أحضر سيرتك "
                 "الذاتية وتحدث مباشرة مع الشركات. الاستشارة متاحة باللغات الألمانية والعربية "
                 "والأوكرانية."},
          "uk": {"title": "Форум професійного навчання {year}",
                 "description": "Підприємства регіону представляють свої місця для професійного "
                 "навчання. Візьміть резюме і поговоріть безпосередньо з роботодавцями. "
                 "Консультації німецькою, арабською та українською мовами."}}),
    ),
    EventKind.PARENTS_EVENING: (
        ("Digitaler Elternabend Deutsch–Arabisch: Ausbildung in Deutschland",
         "Wie funktioniert die duale Ausbildung, was verdienen Auszubildende und wie können "
         "Eltern ihre Kinder unterstützen? Online auf Deutsch und Arabisch, mit Zeit für Fragen.",
         {"en": {"title": "Digital parents' evening German–Arabic: vocational training in Germany",
                 "description": "How does dual vocational training work, what do apprentices "
                 "earn and how can parents support their children? Online in German and Arabic, "
                 "with time for questions."},
          "ar": {"title": "أمسية رقمية لأولياء الأمور بالألمانية والعربية: "
                          "التدريب المهني في ألمانيا",
                 "description": "كيف يعمل التدريب المهني المزدوج، وكم يكسب المتدربون، وكيف يمكن "
                 "للوالدين دعم أبنائهم؟ عبر الإنترنت باللغتين الألمانية والعربية، مع وقت "
                 "للأسئلة."}}),
        ("Digitaler Elternabend Deutsch–Arabisch: Bewerbung und Praktikum",
         "Wann bewirbt man sich, wie findet man ein Praktikum und welche Unterlagen braucht man? "
         "Eltern erfahren, wie sie bei der Bewerbung helfen können.",
         {"ar": {"title": "أمسية رقمية لأولياء الأمور: التقديم والتدريب العملي",
                 "description": "متى يجب التقديم، وكيف يمكن إيجاد تدريب عملي، وما هي الوثائق "
                 "المطلوبة؟ يتعرّف الأهل على كيفية مساعدة أبنائهم في التقديم."}}),
        ("Digitaler Elternabend Deutsch–Arabisch: Schule, Ausbildung oder Studium?",
         "Welche Wege gibt es nach der Schule? Berufsschule, duale Ausbildung und Studium im "
         "Vergleich, mit Erfahrungen von Eltern und Auszubildenden.",
         {"ar": {"title": "أمسية رقمية لأولياء الأمور: المدرسة أم التدريب المهني "
                          "أم الدراسة الجامعية؟",
                 "description": "ما الطرق المتاحة بعد المدرسة؟ مقارنة بين المدرسة المهنية والتدريب "
                 "المهني المزدوج والدراسة الجامعية، مع تجارب من الأهل والمتدربين."}}),
    ),
    EventKind.JOBWALK: (
        ("JOBWALK {city}: Betriebe in der Innenstadt",
         "Zu Fuß von Betrieb zu Betrieb: Wir schauen hinter die Kulissen, sprechen mit "
         "Auszubildenden und fragen nach Praktikumsplätzen. Festes Schuhwerk empfohlen.",
         {"en": {"title": "JOBWALK {city}: companies in the city centre",
                 "description": "On foot from company to company: we look behind the scenes, "
                 "talk to apprentices and ask about internships. Sturdy shoes recommended."}}),
    ),
    EventKind.BUS_TOUR: (
        ("Bustour zu Ausbildungsbetrieben: Handwerk und Industrie",
         "Mit dem Bus zu drei Betrieben in der Region: Werkstätten ansehen, Ausbilderinnen und "
         "Ausbilder kennenlernen, Fragen stellen. Fahrt und Mittagessen sind kostenlos.",
         {"ar": {"title": "جولة بالحافلة إلى شركات التدريب: الحِرف والصناعة",
                 "description": "نزور بالحافلة ثلاث شركات في المنطقة: نشاهد الورش، ونتعرّف على "
                 "المدرّبين، ونطرح الأسئلة. الرحلة ووجبة الغداء مجانية."}}),
    ),
    EventKind.SPEED_DATING: (
        ("Azubi-Speed-Dating {city}",
         "Acht Minuten pro Gespräch: Junge Menschen und Ausbildungsbetriebe lernen sich in "
         "kurzen Runden kennen. Vorher sagen beide Seiten, wen sie treffen möchten.",
         {"en": {"title": "Apprenticeship speed dating {city}",
                 "description": "Eight minutes per talk: young people and training companies "
                 "meet in short rounds. Beforehand, both sides say whom they would like to "
                 "meet."}}),
    ),
    EventKind.OTHER: (
        ("Infoabend: Anerkennung ausländischer Schulabschlüsse",
         "Welche Stelle ist zuständig, welche Unterlagen braucht es und wie lange dauert es? "
         "Mit der Anerkennungsberatung des IQ Netzwerks.",
         {"uk": {"title": "Інформаційний вечір: визнання іноземних шкільних атестатів",
                 "description": "Яка установа відповідає за визнання, які документи потрібні і "
                 "скільки часу це триває? За участі консультантів мережі IQ."}}),
    ),
    EventKind.AWARD_CEREMONY: (
        ("Preisverleihung „Unternehmen mit Kultur“ {year}",
         "Wir ehren Betriebe, die jungen Zugewanderten den Weg in die Ausbildung öffnen. Mit "
         "Grußworten, Musik und Empfang.",
         {"en": {"title": "“Unternehmen mit Kultur” award ceremony {year}",
                 "description": "We honour companies that open the way into vocational "
                 "training for young migrants. With speeches, music and a reception."}}),
    ),
}  # fmt: skip

CONSENT_TEXTS = {
    "de": "Ich bin einverstanden, dass KAUSA meinen Namen, meine Kontaktdaten und meine "
    "Teilnahme an dieser Veranstaltung speichert, um die Veranstaltung zu organisieren, mich zu "
    "informieren und die Teilnahme auszuwerten. Die Angaben werden nicht an Dritte "
    "weitergegeben. Ich kann die Einwilligung jederzeit beim KAUSA-Büro widerrufen.",
    "en": "I agree that KAUSA stores my name, my contact details and my participation in this "
    "event in order to organise the event, to inform me and to evaluate attendance. The data is "
    "not passed on to third parties. I can withdraw my consent at any time at the KAUSA office.",
    "ar": "أوافق على أن تحفظ KAUSA اسمي وبيانات الاتصال الخاصة بي ومشاركتي في هذه الفعالية، "
    "وذلك لتنظيم الفعالية وإبلاغي بالمعلومات وتقييم المشاركة. لن تُمرَّر البيانات إلى أطراف "
    "ثالثة. يمكنني سحب موافقتي في أي وقت لدى مكتب KAUSA.",
}
NOMINATION_REASONS = (
    "Bildet seit drei Jahren junge Geflüchtete aus und begleitet sie eng durch die Berufsschule.",
    "Hat als erster Betrieb im Stadtteil einen Ausbildungsplatz für eine Einstiegsqualifizierung "
    "geschaffen.",
    "Bietet regelmäßig Praktika für Schülerinnen und Schüler aus Willkommensklassen an.",
    "Mehrsprachiges Team, das Auszubildende beim Deutschlernen im Betrieb unterstützt.",
    "Hat über KAUSA die Ausbildungsberechtigung erworben und den ersten Azubi eingestellt.",
    "Engagiert sich auf Stammtischen und Messen und wirbt bei anderen Betrieben für Ausbildung.",
)
AWARD_CRITERIA = (
    "Ausgezeichnet werden Betriebe, die jungen Menschen mit Zuwanderungsgeschichte den Weg in "
    "die duale Ausbildung öffnen: durch Ausbildungs- und Praktikumsplätze, Begleitung im "
    "Betrieb und Engagement im Netzwerk."
)


@dataclass
class _Pools:
    """Who may take part in an office's events."""

    young: list[Person]
    guardians: list[Guardian]
    companies: list[Company]
    counsellor: User | None


@dataclass
class _Present:
    """The participants of a held event who were checked in."""

    people: list[Person] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    confirmed_people: list[Person] = field(default_factory=list)
    confirmed_companies: list[Company] = field(default_factory=list)
    checked_in: int = 0


@dataclass
class _Rows:
    registrations: list[Registration] = field(default_factory=list)
    created: list[datetime] = field(default_factory=list)  # when each registration was made
    contacts: list[EventContact] = field(default_factory=list)
    evaluations: list[EventEvaluation] = field(default_factory=list)
    stops: list[RouteStop] = field(default_factory=list)
    setups: list[SpeedDatingSetup] = field(default_factory=list)
    wishes: list[SpeedDatingWish] = field(default_factory=list)
    present: dict[int, _Present] = field(default_factory=dict)  # by event id


def create_events(
    ctx: DemoContext,
    organisation: Organisation,
    offices: list[Office],
    people: list[Person],
    companies: list[Company],
) -> list[Event]:
    formats = _create_formats(organisation)
    consent = _create_consent_texts(organisation)
    languages = _person_languages(people)
    guardians = _create_guardians(ctx, people, languages)
    counsellors = {
        user.office_id: user
        for user in User.objects.filter(office__in=offices, role=Role.COUNSELLOR).order_by("pk")
    }
    events: list[Event] = []
    pools: dict[int, _Pools] = {}
    for number, office in enumerate(offices):
        pools[office.pk] = _Pools(
            young=[p for p in people if p.office_id == office.pk and not p.lives_abroad],
            guardians=guardians.get(office.pk, []),
            companies=_local_companies(office, companies),
            counsellor=counsellors.get(office.pk),
        )
        events += _office_events(ctx, office, number, formats, pools[office.pk].counsellor)
    Event.objects.bulk_create(events, batch_size=500)
    # created_at is set on insert; the demo's events were planned weeks before they took place.
    for event in events:
        event.created_at = event.starts_at - timedelta(days=70)
    Event.objects.bulk_update(events, ["created_at"], batch_size=500)
    rows = _Rows()
    for event in events:
        _register(ctx, rows, event, pools[event.office_id], consent, languages)
    _write_registrations(rows)
    contacts_by_company = _company_contacts(companies)
    for event in events:
        _event_details(ctx, rows, event, pools[event.office_id], contacts_by_company)
    EventContact.objects.bulk_create(rows.contacts, batch_size=500)
    EventEvaluation.objects.bulk_create(rows.evaluations, batch_size=500)
    RouteStop.objects.bulk_create(rows.stops, batch_size=500)
    SpeedDatingSetup.objects.bulk_create(rows.setups, batch_size=500)
    SpeedDatingWish.objects.bulk_create(rows.wishes, batch_size=500)
    _create_proposals(ctx, rows, pools)
    _create_award_round(ctx, organisation, offices[0], events, pools[offices[0].pk])
    _create_ambassadors(ctx, offices, events, pools, languages)
    return events


def _moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), BERLIN)


def _city(office: Office) -> str:
    return office.name.removeprefix("KAUSA ")


def _create_formats(organisation: Organisation) -> dict[str, EventFormat]:
    formats = [
        EventFormat(organisation=organisation, name=FORMAT_NAMES[kind], kind=kind)
        for kind in EventKind.values
    ]
    EventFormat.objects.bulk_create(formats)
    return {item.kind: item for item in formats}


def _create_consent_texts(organisation: Organisation) -> dict[str, EventConsentText]:
    texts = [
        EventConsentText(
            organisation=organisation, language=language, version=CONSENT_VERSION, text=text
        )
        for language, text in CONSENT_TEXTS.items()
    ]
    EventConsentText.objects.bulk_create(texts)
    return {item.language: item for item in texts}


def _person_languages(people: list[Person]) -> dict[int, list[str]]:
    languages: dict[int, list[str]] = {person.pk: [] for person in people}
    rows = PersonLanguage.objects.filter(person__in=people).order_by("person_id", "language")
    for person_id, code in rows.values_list("person_id", "language"):
        languages[person_id].append(code)
    return languages


def _age(ctx: DemoContext, person: Person) -> int:
    born = person.birth_date
    if born is None:
        return 99
    before_birthday = (ctx.today.month, ctx.today.day) < (born.month, born.day)
    return ctx.today.year - born.year - int(before_birthday)


def _create_guardians(
    ctx: DemoContext, people: list[Person], languages: dict[int, list[str]]
) -> dict[int, list[Guardian]]:
    """Parents of minors whose family speaks Arabic, Ukrainian or Turkish (one or two each)."""
    guardians: list[Guardian] = []
    for person in people:
        spoken = [code for code in languages[person.pk] if code in GUARDIAN_LANGUAGES]
        if person.lives_abroad or _age(ctx, person) >= 18 or not spoken:
            continue
        if not ctx.chance(GUARDIAN_SHARE):
            continue
        language = spoken[0]
        pool = NAME_POOLS_BY_CODE[GUARDIAN_POOL[language]]
        relations = [GuardianRelation.MOTHER, GuardianRelation.FATHER]
        if ctx.chance(0.4):
            relations.reverse()
        for relation in relations[: 2 if ctx.chance(0.3) else 1]:
            female = relation == GuardianRelation.MOTHER
            first = ctx.pick(pool.female if female else pool.male)
            guardians.append(
                Guardian(
                    person=person,
                    first_name=first,
                    last_name=person.last_name,
                    relation=relation,
                    language=language,
                    email=ctx.email(first, person.last_name) if ctx.chance(0.6) else "",
                    phone=ctx.phone() if ctx.chance(0.8) else "",
                )
            )
    Guardian.objects.bulk_create(guardians, batch_size=500)
    by_office: dict[int, list[Guardian]] = {}
    for guardian in guardians:
        by_office.setdefault(guardian.person.office_id, []).append(guardian)
    return by_office


def _distance(lat: float, lon: float, company: Company) -> float:
    if company.latitude is None or company.longitude is None:
        return float("inf")
    return gazetteer.haversine_km(lat, lon, company.latitude, company.longitude)


def _local_companies(office: Office, companies: list[Company]) -> list[Company]:
    seat = seat_entry(office.district_id)
    ranked = sorted(companies, key=lambda c: (_distance(seat.latitude, seat.longitude, c), c.name))
    return ranked[:LOCAL_COMPANIES]


def _office_events(
    ctx: DemoContext,
    office: Office,
    number: int,
    formats: dict[str, EventFormat],
    counsellor: User | None,
) -> list[Event]:
    programme = list(PROGRAMME)
    skippable = [
        i for i, (kind, months) in enumerate(programme) if kind in SKIPPABLE and months < 0
    ]
    del programme[ctx.pick(skippable)]
    if number == 0:
        programme.append((EventKind.AWARD_CEREMONY, CEREMONY_MONTHS))
    seat = seat_entry(office.district_id)
    used: dict[str, int] = {}
    events = []
    for kind, months in sorted(programme, key=lambda item: item[1]):
        days = round(months * MONTH_DAYS) + 3 * number + int(ctx.rng.integers(-4, 5))
        day = _working_day(ctx.today + timedelta(days=days or 1), saturday=kind == EventKind.FAIR)
        variant = used.get(kind, 0)
        used[kind] = variant + 1
        event = _event(ctx, office, formats[kind], day, variant, seat, counsellor)
        events.append(event)
    return events


def _working_day(day: date, *, saturday: bool) -> date:
    """Nothing between Christmas and Epiphany; a weekend day moves to the Friday before (a fair
    may take place on a Saturday)."""
    if (day.month, day.day) >= (12, 20):
        day = date(day.year, 12, 18)
    elif (day.month, day.day) <= (1, 6):
        day = date(day.year, 1, 8)
    if day.weekday() >= (6 if saturday else 5):
        day -= timedelta(days=day.weekday() - 4)
    return day


def _status(ctx: DemoContext, kind: str, day: date) -> str:
    if day < ctx.today:
        # Fairs, routes and speed dating carry the demo's details: they took place.
        keep = kind in (EventKind.FAIR, EventKind.JOBWALK, EventKind.SPEED_DATING)
        if not keep and ctx.chance(CANCELLED_EVENT_SHARE):
            return EventStatus.CANCELLED
        return EventStatus.HELD
    if (day - ctx.today).days > 35 and kind != EventKind.AWARD_CEREMONY:
        return EventStatus.DRAFT if ctx.chance(DRAFT_SHARE) else EventStatus.PUBLISHED
    return EventStatus.PUBLISHED


def _translations(texts: Texts, fill: dict[str, Any]) -> Texts:
    return {
        language: {key: value.format(**fill) for key, value in item.items()}
        for language, item in texts.items()
    }


def _event(
    ctx: DemoContext,
    office: Office,
    event_format: EventFormat,
    day: date,
    variant: int,
    seat: gazetteer.PostalCodeEntry,
    counsellor: User | None,
) -> Event:
    kind = event_format.kind
    spec = KINDS[kind]
    options = TEXTS[kind]
    title, description, translations = options[variant % len(options)]
    fill = {"city": _city(office), "year": day.year}
    starts_at = _moment(day, spec.start)
    status = _status(ctx, kind, day)
    event = Event(
        office=office,
        event_format=event_format,
        title=title.format(**fill),
        description=description,
        translations=_translations(translations, fill),
        starts_at=starts_at,
        duration_minutes=spec.minutes,
        venue_name=spec.venue,
        audience=spec.audience,
        languages=list(spec.languages),
        interpreters=spec.interpreters,
        capacity_young_people=spec.young,
        capacity_parents=spec.parents,
        capacity_companies=spec.companies,
        status=status,
        travel_mode=TravelMode.DRIVING if kind == EventKind.BUS_TOUR else TravelMode.WALKING,
        created_by=counsellor,
    )
    if status != EventStatus.DRAFT:
        event.registration_opens_at = starts_at - timedelta(days=60)
        event.registration_closes_at = starts_at - timedelta(days=2)
    if spec.online:
        slug = email_local_part(_city(office)).replace(".", "-")
        event.online_url = f"https://meet.example.com/kausa-{slug}-{day:%Y%m%d}"
    else:
        event.street = f"{ctx.pick(STREETS)} {int(ctx.rng.integers(1, 60))}"
        event.postal_code = seat.postal_code
        event.place = seat.places[0]
        event.district_id = seat.district_key
        event.latitude = seat.latitude
        event.longitude = seat.longitude
        event.accessibility_notes = "Barrierefreier Zugang, Aufzug vorhanden."
    return event


# --- registrations -------------------------------------------------------------------------


def _demand(ctx: DemoContext, event: Event, kind: str) -> int:
    """How many of an audience register: the format's demand, more or less."""
    spec = KINDS[event.event_format.kind]
    index = list(SHOW_UP).index(kind)
    base = DEMAND_NEAR_CAPACITY.get(event.event_format.kind, 0) if index == 0 else 0
    base = base or spec.demand[index]
    if base == 0:
        return 0
    factor = float(ctx.rng.uniform(0.65, 1.3))
    if event.starts_at.date() >= ctx.today:
        factor *= 0.7  # registration is still open
    return max(1, round(base * factor))


def _register(
    ctx: DemoContext,
    rows: _Rows,
    event: Event,
    pools: _Pools,
    consent: dict[str, EventConsentText],
    languages: dict[int, list[str]],
) -> None:
    if event.status == EventStatus.DRAFT:
        return
    rows.present[event.pk] = _Present()
    candidates: tuple[tuple[str, Sequence[Person | Guardian | Company]], ...] = (
        (ParticipantKind.YOUNG_PERSON, pools.young),
        (ParticipantKind.PARENT, pools.guardians),
        (ParticipantKind.COMPANY, pools.companies),
    )
    for kind, pool in candidates:
        wanted = min(_demand(ctx, event, kind), len(pool))
        if wanted == 0:
            continue
        cancelled = int(ctx.rng.binomial(wanted, 0.08))
        picks = ctx.rng.choice(len(pool), size=min(len(pool), wanted + cancelled), replace=False)
        chosen = [pool[int(i)] for i in picks]
        _register_kind(ctx, rows, event, kind, chosen, cancelled, pools, consent, languages)
    if event.status == EventStatus.HELD and event.event_format.kind == EventKind.FAIR:
        _walk_ins(ctx, rows, event, pools, consent)


def _window(ctx: DemoContext, event: Event) -> tuple[datetime, datetime]:
    """When registrations came in: from the opening to the closing (or to the demo's today)."""
    assert event.registration_opens_at is not None and event.registration_closes_at is not None
    now = _moment(ctx.today, time(9))
    return event.registration_opens_at, min(event.registration_closes_at, now)


def _register_kind(
    ctx: DemoContext,
    rows: _Rows,
    event: Event,
    kind: str,
    chosen: list[Any],
    cancelled: int,
    pools: _Pools,
    consent: dict[str, EventConsentText],
    languages: dict[int, list[str]],
) -> None:
    """The first registrations got a place, the rest went on the waiting list; `cancelled` of
    them cancelled later, and as many of the waiting list moved up."""
    first, last = _window(ctx, event)
    span = (last - first) * 0.9
    moments = sorted(first + span * float(u) for u in ctx.rng.random(len(chosen)))
    capacity = event.capacity_for(kind)
    live = len(chosen) - cancelled
    places = live if capacity is None else min(live, capacity)
    waiting = min(live - places, MAX_WAITLIST)
    cancelled_at = last - timedelta(hours=1)
    # In time order: those who got a place (some cancelled later, and as many moved up from
    # the waiting list into their places), then those still waiting.
    moved_up = min(cancelled, places) if capacity is not None and live > capacity else 0
    drawn = ctx.rng.choice(places + cancelled - moved_up, cancelled, replace=False)
    quitters = {int(i) for i in drawn}
    present = rows.present[event.pk]
    for index, (who, moment) in enumerate(zip(chosen, moments, strict=True)):
        if index >= places + cancelled + waiting:
            break
        registration = _registration(ctx, event, kind, who, moment, pools, consent, languages)
        if index in quitters:
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = cancelled_at
        elif index >= places + cancelled - moved_up:
            registration.waitlisted_at = moment
            if index < places + cancelled:
                registration.moved_up_at = cancelled_at + timedelta(minutes=5)
            else:
                registration.status = RegistrationStatus.WAITLISTED
        if registration.status == RegistrationStatus.CONFIRMED:
            _note_confirmed(ctx, event, registration, present)
        rows.registrations.append(registration)
        rows.created.append(moment)


def _registration(
    ctx: DemoContext,
    event: Event,
    kind: str,
    who: Any,
    moment: datetime,
    pools: _Pools,
    consent: dict[str, EventConsentText],
    languages: dict[int, list[str]],
) -> Registration:
    registration = Registration(event=event, kind=kind, consented_at=moment)
    portal = ctx.chance(0.4)
    language = "de"
    if isinstance(who, Person):
        registration.person = who
        spoken = [code for code in languages.get(who.pk, []) if code in ("ar", "uk", "en")]
        if spoken and ctx.chance(0.3):
            language = spoken[0]
    elif isinstance(who, Guardian):
        registration.guardian = who
        language = who.language
    else:
        registration.company = who
    registration.language = language
    registration.consent_text = consent.get(language, consent["de"])
    registration.source = RegistrationSource.PORTAL if portal else RegistrationSource.STAFF
    registration.registered_by = None if portal else pools.counsellor
    return registration


def _note_confirmed(
    ctx: DemoContext, event: Event, registration: Registration, present: _Present
) -> None:
    """Check in the confirmed participants of a held event who came (the others are no-shows)."""
    if registration.person is not None:
        present.confirmed_people.append(registration.person)
    if registration.company is not None:
        present.confirmed_companies.append(registration.company)
    if event.status != EventStatus.HELD or not ctx.chance(SHOW_UP[registration.kind]):
        return
    late = int(ctx.rng.integers(0, min(60, event.duration_minutes // 2)))
    registration.checked_in_at = event.starts_at + timedelta(minutes=late)
    present.checked_in += 1
    if registration.person is not None:
        present.people.append(registration.person)
    if registration.company is not None:
        present.companies.append(registration.company)


def _walk_ins(
    ctx: DemoContext,
    rows: _Rows,
    event: Event,
    pools: _Pools,
    consent: dict[str, EventConsentText],
) -> None:
    """Young people who came to the fair without registering: known by name only."""
    for _ in range(int(ctx.rng.integers(2, 6))):
        pool = NAME_POOLS_BY_CODE[ctx.pick(("SY", "UA", "AF", "TR", "ER"))]
        female = ctx.chance(0.4)
        first, last = ctx.person_name(pool, female=female)
        arrived = event.starts_at + timedelta(minutes=int(ctx.rng.integers(10, 240)))
        rows.registrations.append(
            Registration(
                event=event,
                kind=ParticipantKind.YOUNG_PERSON,
                name=f"{first} {last}",
                email=demo_email(email_local_part(first, last), 2) if ctx.chance(0.5) else "",
                source=RegistrationSource.WALK_IN,
                consent_text=consent["de"],
                consented_at=arrived,
                checked_in_at=arrived,
                registered_by=pools.counsellor,
            )
        )
        rows.created.append(arrived)
        rows.present[event.pk].checked_in += 1


def _write_registrations(rows: _Rows) -> None:
    Registration.objects.bulk_create(rows.registrations, batch_size=500)
    for registration, moment in zip(rows.registrations, rows.created, strict=True):
        registration.created_at = moment
    Registration.objects.bulk_update(rows.registrations, ["created_at"], batch_size=500)


# --- after the registrations: contacts, routes, speed dating, evaluations ------------------


def _company_contacts(companies: list[Company]) -> dict[int, tuple[str, str]]:
    """The trainer (else the first contact) of each company: named on a route sheet."""
    found: dict[int, tuple[str, str]] = {}
    rows = CompanyContact.objects.filter(company__in=companies).order_by("company_id", "id")
    for company_id, name, role, phone in rows.values_list("company_id", "name", "role", "phone"):
        if company_id not in found or role == "Ausbilder/in":
            found[company_id] = (name, phone)
    return found


def _event_details(
    ctx: DemoContext,
    rows: _Rows,
    event: Event,
    pools: _Pools,
    contacts: dict[int, tuple[str, str]],
) -> None:
    kind = event.event_format.kind
    present = rows.present.get(event.pk, _Present())
    if kind == EventKind.JOBWALK:
        _route(ctx, rows, event, pools, contacts, stops=int(ctx.rng.integers(4, 7)))
    elif kind == EventKind.BUS_TOUR:
        _route(ctx, rows, event, pools, contacts, stops=3)
    elif kind == EventKind.SPEED_DATING:
        _speed_dating(ctx, rows, event, present, pools.counsellor)
    if event.status != EventStatus.HELD:
        return
    if kind == EventKind.FAIR:
        _fair_contacts(ctx, rows, event, present, pools.counsellor)
    rows.evaluations.append(_evaluation(ctx, event, present))


def _route(
    ctx: DemoContext,
    rows: _Rows,
    event: Event,
    pools: _Pools,
    contacts: dict[int, tuple[str, str]],
    *,
    stops: int,
) -> None:
    """A JOBWALK visits nearby companies in walking order; a bus tour picks up at the station
    and drives to companies further out."""
    assert event.latitude is not None and event.longitude is not None
    lat, lon = event.latitude, event.longitude
    walking = event.travel_mode == TravelMode.WALKING
    nearby = pools.companies[: stops + 4] if walking else pools.companies[12:30]
    picks = [nearby[int(i)] for i in ctx.rng.choice(len(nearby), size=stops, replace=False)]
    position = 1
    if not walking:
        rows.stops.append(
            RouteStop(
                event=event,
                position=position,
                label=f"Abfahrt: Hauptbahnhof {_city(event.office)}",
                address=f"{event.postal_code} {event.place}",
                latitude=lat,
                longitude=lon,
                is_pickup=True,
                stay_minutes=10,
            )
        )
        position += 1
    while picks:  # always on to the nearest company not yet visited
        company = min(picks, key=lambda c: (_distance(lat, lon, c), c.name))
        picks.remove(company)
        assert company.latitude is not None and company.longitude is not None
        name, phone = contacts.get(company.pk, ("", ""))
        rows.stops.append(
            RouteStop(
                event=event,
                position=position,
                company=company,
                label=company.name,
                address=f"{company.street}, {company.postal_code} {company.place}",
                latitude=company.latitude,
                longitude=company.longitude,
                stay_minutes=int(ctx.rng.choice([30, 40, 45])) if walking else 60,
                contact_name=name,
                contact_phone=phone,
            )
        )
        lat, lon = company.latitude, company.longitude
        position += 1


def _fair_contacts(
    ctx: DemoContext, rows: _Rows, event: Event, present: _Present, counsellor: User | None
) -> None:
    pairs = len(present.people) * len(present.companies)
    wanted = min(pairs, int(ctx.rng.integers(10, 26)))
    for index in sorted(int(i) for i in ctx.rng.choice(pairs, size=wanted, replace=False)):
        person = present.people[index // len(present.companies)]
        company = present.companies[index % len(present.companies)]
        rows.contacts.append(
            EventContact(event=event, person=person, company=company, created_by=counsellor)
        )


def _speed_dating(
    ctx: DemoContext, rows: _Rows, event: Event, present: _Present, counsellor: User | None
) -> None:
    """Wishes from both sides before the day; for a held event the schedule of the present
    participants, greedily: mutual wishes first, each in the first round both are free."""
    setup = SpeedDatingSetup(event=event, rounds=8, round_minutes=8, max_meetings_per_candidate=4)
    rows.setups.append(setup)
    people, companies = present.confirmed_people, present.confirmed_companies
    if not people or not companies:
        return
    wants: dict[tuple[int, int], list[bool]] = {}
    for p, _person in enumerate(people):
        for c in ctx.rng.choice(len(companies), size=min(3, len(companies)), replace=False):
            wants.setdefault((p, int(c)), [False, False])[0] = True
    for c, _company in enumerate(companies):
        for p in ctx.rng.choice(len(people), size=min(4, len(people)), replace=False):
            wants.setdefault((int(p), c), [False, False])[1] = True
    for (p, c), (person_wants, company_wants) in sorted(wants.items()):
        rows.wishes.append(
            SpeedDatingWish(
                event=event,
                person=people[p],
                company=companies[c],
                person_wants=person_wants,
                company_wants=company_wants,
            )
        )
    if event.status == EventStatus.HELD:
        _schedule(rows, event, setup, wants, present, counsellor)


def _schedule(
    rows: _Rows,
    event: Event,
    setup: SpeedDatingSetup,
    wants: dict[tuple[int, int], list[bool]],
    present: _Present,
    counsellor: User | None,
) -> None:
    people, companies = present.confirmed_people, present.confirmed_companies
    here_people = {id(p) for p in present.people}
    here_companies = {id(c) for c in present.companies}
    busy: set[tuple[str, int, int]] = set()
    meetings: dict[int, int] = {}
    ordered = sorted(wants.items(), key=lambda item: (-sum(item[1]), item[0]))
    for (p, c), sides in ordered:
        if id(people[p]) not in here_people or id(companies[c]) not in here_companies:
            continue
        if meetings.get(p, 0) >= (setup.max_meetings_per_candidate or setup.rounds):
            continue
        free = [
            r for r in range(setup.rounds) if ("p", p, r) not in busy and ("c", c, r) not in busy
        ]
        if not free:
            continue
        busy |= {("p", p, free[0]), ("c", c, free[0])}
        meetings[p] = meetings.get(p, 0) + 1
        if all(sides):
            setup.mutual += 1
        else:
            setup.one_sided += 1
        rows.contacts.append(
            EventContact(
                event=event,
                person=people[p],
                company=companies[c],
                source=ContactSource.SPEED_DATING,
                round=free[0],
                table=c + 1,
                created_by=counsellor,
            )
        )
    setup.objective = 2 * setup.mutual + setup.one_sided
    setup.upper_bound = sum(2 if all(sides) else 1 for sides in wants.values())
    setup.scheduled_at = event.starts_at - timedelta(minutes=20)


def _evaluation(ctx: DemoContext, event: Event, present: _Present) -> EventEvaluation:
    feedback = round(present.checked_in * float(ctx.rng.uniform(0.4, 0.8)))
    good = round(feedback * float(ctx.rng.uniform(0.55, 0.8)))
    poor = round((feedback - good) * float(ctx.rng.uniform(0.0, 0.35)))
    walk_up = (5, 30) if event.event_format.kind == EventKind.FAIR else (0, 5)
    return EventEvaluation(
        event=event,
        visitors_without_registration=int(ctx.rng.integers(*walk_up)),
        companies_present=len(present.companies),
        feedback_good=good,
        feedback_neutral=feedback - good - poor,
        feedback_poor=poor,
    )


# --- proposals, award round, ambassadors ---------------------------------------------------


def _create_proposals(ctx: DemoContext, rows: _Rows, pools: dict[int, _Pools]) -> None:
    """A few proposals followed a contact made at a fair or at speed dating."""
    open_places: dict[int, list[Vacancy]] = {}
    companies = {contact.company.pk for contact in rows.contacts}
    vacancies = Vacancy.objects.filter(company_id__in=companies, status=VacancyStatus.OPEN)
    for vacancy in vacancies.order_by("pk"):
        open_places.setdefault(vacancy.company_id, []).append(vacancy)
    proposals: list[Proposal] = []
    made: set[tuple[int, int]] = set()
    for contact in rows.contacts:
        places = open_places.get(contact.company.pk)
        if not places or not ctx.chance(0.12):
            continue
        vacancy = ctx.pick(places)
        if (contact.person.pk, vacancy.pk) in made:
            continue
        made.add((contact.person.pk, vacancy.pk))
        status = ctx.weighted(
            [(ProposalStatus.PROPOSED, 3.0), (ProposalStatus.APPLICATION_SENT, 2.0)]
        )
        proposals.append(
            Proposal(
                office_id=contact.person.office_id,
                person=contact.person,
                vacancy=vacancy,
                status=status,
                source=Proposal.Source.MANUAL,
                event=contact.event,
                created_by=pools[contact.person.office_id].counsellor,
            )
        )
    Proposal.objects.bulk_create(proposals, batch_size=500)
    history = []
    for proposal in proposals:
        assert proposal.event is not None
        proposal.created_at = proposal.event.starts_at + timedelta(days=3)
        history.append(ProposalStatusChange(proposal=proposal, status=ProposalStatus.PROPOSED))
        if proposal.status != ProposalStatus.PROPOSED:
            history.append(ProposalStatusChange(proposal=proposal, status=proposal.status))
    Proposal.objects.bulk_update(proposals, ["created_at"], batch_size=500)
    ProposalStatusChange.objects.bulk_create(history, batch_size=500)
    for change in history:
        change.changed_at = change.proposal.created_at
    ProposalStatusChange.objects.bulk_update(history, ["changed_at"], batch_size=500)


def _create_award_round(
    ctx: DemoContext,
    organisation: Organisation,
    office: Office,
    events: list[Event],
    pools: _Pools,
) -> None:
    """The first office runs "Unternehmen mit Kultur": nominations are closed, the jury votes."""
    ceremony = next(
        (
            e
            for e in events
            if e.office_id == office.pk and e.event_format.kind == EventKind.AWARD_CEREMONY
        ),
        None,
    )
    award = AwardRound.objects.create(
        office=office,
        title=f"Unternehmen mit Kultur {ctx.today.year}",
        category=AwardCategory.COMPANY,
        criteria=AWARD_CRITERIA,
        nominations_close_on=ctx.today - timedelta(days=12),
        winners_count=2,
        ceremony=ceremony,
        status=AwardRoundStatus.JURY,
    )
    candidates = sorted(pools.companies[:25], key=lambda c: (not c.migrant_led, c.name))[:10]
    picks = sorted(int(i) for i in ctx.rng.choice(len(candidates), size=6, replace=False))
    nominations = []
    for number, index in enumerate(picks):
        company = candidates[index]
        consents = ctx.chance(0.7)
        nominations.append(
            Nomination(
                award_round=award,
                company=company,
                reason=NOMINATION_REASONS[number % len(NOMINATION_REASONS)],
                nominated_by=pools.counsellor,
                public_consent=consents,
                public_name=company.name if consents else "",
            )
        )
    Nomination.objects.bulk_create(nominations)
    jurors = list(
        User.objects.filter(organisation=organisation)
        .filter(office=office, role__in=[Role.COUNSELLOR, Role.READ_ONLY])
        .order_by("pk")
    ) + list(User.objects.filter(organisation=organisation, role=Role.TEAM_LEAD).order_by("pk"))
    JuryVote.objects.bulk_create(
        [
            JuryVote(nomination=item, juror=juror, score=int(ctx.rng.integers(2, 6)))
            for item in nominations
            for juror in jurors
        ]
    )


def _create_ambassadors(
    ctx: DemoContext,
    offices: list[Office],
    events: list[Event],
    pools: dict[int, _Pools],
    languages: dict[int, list[str]],
) -> None:
    """An apprentice speaks at workshops and parents' evenings of the first office, an
    entrepreneur at the regulars' tables and the fair of the second."""
    first, second = offices[0], offices[1 % len(offices)]
    older = [p for p in pools[first.pk].young if _age(ctx, p) >= 20]
    person = ctx.pick(older or pools[first.pk].young)
    led = [c for c in pools[second.pk].companies if c.migrant_led] or pools[second.pk].companies
    company = ctx.pick(led)
    apprentice = Ambassador(
        office=first,
        person=person,
        profile="Ist im zweiten Ausbildungsjahr und erzählt auf Workshops und Elternabenden, wie "
        "der Weg in die Ausbildung gelungen ist.",
        languages=sorted({"de", *languages.get(person.pk, [])}),
        availability="Nachmittags ab 16 Uhr, nicht in den Berufsschulwochen",
    )
    entrepreneur = Ambassador(
        office=second,
        company=company,
        profile="Inhabergeführter Betrieb, bildet seit einigen Jahren aus und berichtet anderen "
        "Unternehmen, wie der Einstieg in die Ausbildung gelingt.",
        languages=sorted({"de", *company.languages.values_list("language", flat=True)}),
        availability="Abends nach Absprache",
    )
    Ambassador.objects.bulk_create([apprentice, entrepreneur])
    appearances = []
    plan = (
        (apprentice, first, (EventKind.WORKSHOP, EventKind.PARENTS_EVENING), "Erfahrungsbericht"),
        (entrepreneur, second, (EventKind.REGULARS_TABLE, EventKind.FAIR), "Impulsvortrag"),
    )
    for ambassador, office, kinds, role in plan:
        fitting = [
            e
            for e in events
            if e.office_id == office.pk
            and e.event_format.kind in kinds
            and e.status in (EventStatus.HELD, EventStatus.PUBLISHED)
        ]
        for index in sorted(
            int(i) for i in ctx.rng.choice(len(fitting), size=min(3, len(fitting)), replace=False)
        ):
            appearances.append(
                AmbassadorAppearance(ambassador=ambassador, event=fitting[index], role=role)
            )
    AmbassadorAppearance.objects.bulk_create(appearances)
