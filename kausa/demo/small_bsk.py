"""The demo's use of the job agency's services: job-language course statuses (Azubi-BSK) and
one finished import of apprenticeship offers (BA Jobsuche).

Course statuses: people in training or entry qualification whose German is below B2.

Most of them have a status recorded: some found or attend a course, a few completed one,
others have none yet; the rest have no status at all. Those without a course stay in the pool
the demand pooling page and the report's `bsk.demand` count. Course titles and providers are
synthetic, in the style of the course search's fake server (`kausa.bsk.fake_server`).

No course searches are stored: the cache holds what the job agency answered, and a demo
cannot know that without asking it (or the fake server) — the pages search when opened.

The import run: the team lead imported the offers around the first office's seat a few weeks
ago. No offer is invented: some of the demo's own open places near that point (of the demo's
companies, which the import matched by name and postal code, so it created no company) carry
what the import writes (source, reference number, region, fingerprint), with reference numbers
marked DEMO and links on a reserved example domain; a few offers were not imported, with the
reasons the import gives (a field name, an occupation title, never an employer).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from kausa.ba.jobsuche import PAGE_SIZE
from kausa.ba.models import ImportIssue, ImportRun, IssueReason
from kausa.ba.services import fingerprint
from kausa.bsk.models import CourseParticipation, CourseStatus
from kausa.bsk.selectors import IN_TRAINING_STAGES
from kausa.core.choices import GermanLevel
from kausa.core.models import Office, Organisation, Role, User
from kausa.demo.context import DemoContext, seat_entry
from kausa.people.models import Person
from kausa.reference import gazetteer
from kausa.vacancies.models import Vacancy, VacancySource, VacancyStatus

# None: no status recorded for the person.
STATUSES: tuple[tuple[str | None, float], ...] = (
    (None, 2.0),
    (CourseStatus.NONE, 2.0),
    (CourseStatus.FOUND, 1.5),
    (CourseStatus.ATTENDING, 2.5),
    (CourseStatus.COMPLETED, 0.7),
)
# (title, provider) of the courses near each office, in the order of the demo's offices.
COURSES = (
    (
        ("Azubi-BSK B2 – berufsbegleitend (Teilzeit, abends)", "Sprachschule Elbe gGmbH"),
        ("Azubi-BSK B1/B2 – Handel und Logistik", "Sprachschule Elbe gGmbH"),
    ),
    (
        ("Azubi-BSK B1/B2 – Pflege und Gesundheit", "Bildungswerk Saale e. V."),
        ("Azubi-BSK B2 – berufsbegleitend (online)", "Bildungswerk Saale e. V."),
    ),
    (
        ("Azubi-BSK B2 – Handwerk und Technik", "Sprachzentrum Mulde e. V."),
        ("Azubi-BSK B1/B2 – Gastronomie und Hotellerie", "Sprachzentrum Mulde e. V."),
    ),
)
UPDATED_WITHIN_DAYS = 200


def create_course_statuses(ctx: DemoContext, offices: list[Office]) -> list[CourseParticipation]:
    counsellors = {
        user.office_id: user
        for user in User.objects.filter(office__in=offices, role=Role.COUNSELLOR).order_by("pk")
    }
    courses = {office.pk: COURSES[index % len(COURSES)] for index, office in enumerate(offices)}
    people = (
        Person.objects.filter(
            office__in=offices,
            archived_at__isnull=True,
            german_level__lt=GermanLevel.B2,
            cases__closed_at__isnull=True,
            cases__stage__in=IN_TRAINING_STAGES,
        )
        .distinct()
        .order_by("pk")
    )
    rows = []
    for person in people:
        status = ctx.weighted(STATUSES)
        if status is None:
            continue
        title, provider = ("", "")
        if status != CourseStatus.NONE:
            title, provider = ctx.pick(courses[person.office_id])
        rows.append(
            CourseParticipation(
                person=person,
                status=status,
                course_title=title,
                provider=provider,
                updated_by=counsellors.get(person.office_id),
            )
        )
    CourseParticipation.objects.bulk_create(rows, batch_size=500)
    # updated_at is set on every save; the demo's statuses were recorded over the past months.
    for row in rows:
        day = ctx.today - timedelta(days=int(ctx.rng.integers(1, UPDATED_WITHIN_DAYS)))
        row.updated_at = timezone.make_aware(datetime.combine(day, time(11)))
    CourseParticipation.objects.bulk_update(rows, ["updated_at"], batch_size=500)
    return rows


IMPORT_RADIUS_KM = 25
IMPORT_DAYS_AGO = (10, 40)
IMPORTED_SHARE = 0.35  # of the open places in the region came from the agency
MAX_IMPORTED = 15
DEMO_OFFER_LINK = "https://www.example.com/jobsuche/jobdetail/{refnr}"
# Offers the import did not take, as (reason, detail) the mapping reports.
REJECTED_OFFERS = (
    (IssueReason.UNKNOWN_OCCUPATION, "Fachkraft Lager und Verkauf (kombinierte Ausbildung)"),
    (IssueReason.MISSING_FIELD, "arbeitsort.plz"),
    (IssueReason.INVALID_FIELD, "eintrittsdatum"),
)
DUPLICATES = 2  # offers listed on two result pages


def create_import_run(
    ctx: DemoContext, organisation: Organisation, offices: list[Office]
) -> ImportRun | None:
    """One finished import around the first office's seat, by the team lead."""
    if not offices:
        return None
    lead = User.objects.filter(organisation=organisation, role=Role.TEAM_LEAD).order_by("pk")
    origin = seat_entry(offices[0].district_id)
    open_places = Vacancy.objects.filter(
        company__organisation=organisation, status=VacancyStatus.OPEN
    ).order_by("pk")
    lat, lon = origin.latitude, origin.longitude
    places = [
        place
        for place in open_places
        if gazetteer.haversine_km(lat, lon, place.latitude, place.longitude) <= IMPORT_RADIUS_KM
    ]
    count = min(MAX_IMPORTED, round(IMPORTED_SHARE * len(places)))
    picks = sorted(int(i) for i in ctx.rng.choice(len(places), size=count, replace=False))
    imported = [places[i] for i in picks]
    run_day = ctx.today - timedelta(days=int(ctx.rng.integers(*IMPORT_DAYS_AGO)))
    run = ImportRun.objects.create(
        organisation=organisation,
        started_by=lead.first(),
        postal_code=origin.postal_code,
        radius_km=IMPORT_RADIUS_KM,
    )
    _mark_imported(imported, run, run_day)
    _finish_run(ctx, run, run_day, created=len(imported))
    return run


def _mark_imported(places: list[Vacancy], run: ImportRun, day: date) -> None:
    """What `kausa.ba.services` writes on a place it created."""
    for number, place in enumerate(places, start=1):
        refnr = f"DEMO-{day:%Y%m%d}-{number:04d}"
        place.source = VacancySource.BA
        place.ba_refnr = refnr
        place.ba_link = DEMO_OFFER_LINK.format(refnr=refnr)
        place.ba_modified = f"{day - timedelta(days=3):%Y-%m-%d}T08:00:00.000"
        place.ba_region = run.region
        place.ba_last_seen_run = run.pk
        place.ba_missed_runs = 0
        place.ba_fingerprint = fingerprint(place)
    Vacancy.objects.bulk_update(
        places,
        [
            "source",
            "ba_refnr",
            "ba_link",
            "ba_modified",
            "ba_region",
            "ba_last_seen_run",
            "ba_missed_runs",
            "ba_fingerprint",
        ],
        batch_size=500,
    )


def _finish_run(ctx: DemoContext, run: ImportRun, day: date, *, created: int) -> None:
    rejected = len(REJECTED_OFFERS)
    fetched = created + rejected + DUPLICATES
    pages = max(1, -(-(fetched - DUPLICATES) // PAGE_SIZE))
    # A request per result page and per new offer's details, and one retried after a 429.
    requests = pages + created + rejected + 1
    seconds = round(requests * (0.6 + 0.4 * float(ctx.rng.random())), 3)
    started = timezone.make_aware(datetime.combine(day, time(7, 30)))
    ImportIssue.objects.bulk_create(
        ImportIssue(run=run, refnr=f"DEMO-{day:%Y%m%d}-X{number:03d}", reason=reason, detail=detail)
        for number, (reason, detail) in enumerate(REJECTED_OFFERS, start=1)
    )
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.DONE,
        progress=100,
        complete=True,
        pages=pages,
        fetched=fetched,
        duplicates=DUPLICATES,
        created=created,
        rejected=rejected,
        request_stats={"requests": requests, "retries": 1, "failures": 0, "seconds": seconds},
        created_at=started,
        finished_at=started + timedelta(seconds=seconds + 2),
    )
