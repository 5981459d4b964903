"""Benchmark: the start page (`workbench:dashboard`) at 100,000 people, target 150 ms.

Run: .venv/bin/python bench/dashboard.py [--people 100000] [--requests 20] [--seed 2026]
     [--keep FILE] [--profile]   (--keep builds the data set once into FILE and reuses it;
     --profile also prints each page's slowest queries)
Builds a fresh SQLite database in a temporary folder (migrated and filled in bulk, not timed):
five offices, 100,000 people with a case each (80 % open, opened over two years), two
sessions per case, a next step per case (half of them done), a consent per person (3 %
withdrawn), a proposal for every fifth person and process chains for every twentieth. Then it
times the page through the Django test client for a counsellor (their own day) and a team lead
(one office's day plus the figures of all offices): 20 requests "cold" (a new database
connection before each, so SQLite's page cache is empty) and 20 "warm" (one connection).
Runs with production settings (DEBUG off, cached templates) and throw-away keys. Prints a
table (median, p95, queries per request) and one JSON line.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

FOLDER = tempfile.mkdtemp(prefix="kausa-bench-dashboard-")
# --keep FILE: build the data set into FILE once and reuse it on later runs.
KEEP = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else ""
os.environ["SQLITE_PATH"] = KEEP or str(Path(FOLDER) / "bench.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
# Production settings (cached templates, no debug toolbar of any kind), with throw-away keys
# for this temporary database; sign-in by the test client, so no second factor.
os.environ["DEBUG"] = "0"
os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
os.environ["FIELD_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
os.environ["MFA_REQUIRED"] = "0"
os.environ["STATIC_MANIFEST"] = "0"
os.environ["ALLOWED_HOSTS"] = "testserver"  # the Django test client's host
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kausa.chains.models import ChainRun, ChainRunStep, StepStatus  # noqa: E402
from kausa.companies.models import Company  # noqa: E402
from kausa.core.models import District, Occupation, Office, Organisation, Role, User  # noqa: E402
from kausa.counselling.models import (  # noqa: E402
    Case,
    Consent,
    CounsellingSession,
    NextStep,
)
from kausa.people.models import Person  # noqa: E402
from kausa.placements.models import Proposal, ProposalStatus  # noqa: E402
from kausa.vacancies.models import Vacancy  # noqa: E402

TARGET_MS = 150.0
ORGANISATION_NAME = "Benchmark-Landesstelle"
OFFICES = 5
COUNSELLORS_PER_OFFICE = 5
BATCH = 5_000
PROPOSAL_STATUSES = [
    ProposalStatus.PROPOSED,
    ProposalStatus.APPLICATION_SENT,
    ProposalStatus.INTERVIEW,
    ProposalStatus.CONTRACT_SIGNED,
    ProposalStatus.DECLINED_BY_COMPANY,
]


def _staff(organisation: Organisation) -> tuple[list[Office], list[list[User]], User]:
    districts = list(District.objects.filter(pk__startswith="15").order_by("pk")[:OFFICES])
    offices, counsellors = [], []
    for number, district in enumerate(districts):
        office = Office.objects.create(
            organisation=organisation, name=f"KAUSA Standort {number + 1}", district=district
        )
        offices.append(office)
        counsellors.append(
            [
                User.objects.create(
                    username=f"berater.{number}.{index}",
                    organisation=organisation,
                    office=office,
                    role=Role.COUNSELLOR,
                )
                for index in range(COUNSELLORS_PER_OFFICE)
            ]
        )
    lead = User.objects.create(username="leitung", organisation=organisation, role=Role.TEAM_LEAD)
    return offices, counsellors, lead


def _people(rng: random.Random, offices: list[Office], total: int) -> None:
    rows = [
        Person(
            office=offices[index % len(offices)],
            first_name=f"Vorname{index}",
            last_name=f"Nachname{index}",
            search_text=f"vorname{index} nachname{index}",
            postal_code="39104",
            place="Magdeburg",
        )
        for index in range(total)
    ]
    Person.objects.bulk_create(rows, batch_size=BATCH)


def _cases(rng: random.Random, counsellors: list[list[User]], today: datetime.date) -> None:
    people = Person.objects.values_list("pk", "office_id").order_by("pk")
    office_index = {
        office_id: index for index, office_id in enumerate(sorted({o for _p, o in people}))
    }
    closed_at = timezone.now() - datetime.timedelta(days=30)
    rows = []
    for person_id, office_id in people:
        staff = counsellors[office_index[office_id]]
        rows.append(
            Case(
                office_id=office_id,
                person_id=person_id,
                counsellor=staff[person_id % len(staff)],
                stage="in_counselling",
                opened_on=today - datetime.timedelta(days=rng.randrange(0, 730)),
                closed_at=closed_at if rng.random() < 0.2 else None,
            )
        )
    Case.objects.bulk_create(rows, batch_size=BATCH)


def _case_rows(rng: random.Random, today: datetime.date) -> None:
    sessions, steps = [], []
    now = timezone.now()
    for case_id, counsellor_id, opened_on in Case.objects.values_list(
        "pk", "counsellor_id", "opened_on"
    ).order_by("pk"):
        span = max((today - opened_on).days, 1)
        for _ in range(2):
            sessions.append(
                CounsellingSession(
                    case_id=case_id,
                    held_on=opened_on + datetime.timedelta(days=rng.randrange(0, span)),
                    duration_minutes=45,
                    channel="in_person",
                )
            )
        steps.append(
            NextStep(
                case_id=case_id,
                title="Nachfragen",
                due_on=today + datetime.timedelta(days=rng.randrange(-30, 60)),
                owner_id=counsellor_id,
                done_at=now if rng.random() < 0.5 else None,
            )
        )
    CounsellingSession.objects.bulk_create(sessions, batch_size=BATCH)
    NextStep.objects.bulk_create(steps, batch_size=BATCH)


def _consents(rng: random.Random, today: datetime.date) -> None:
    rows = []
    for person_id in Person.objects.values_list("pk", flat=True).order_by("pk"):
        withdrawn = rng.random() < 0.03
        rows.append(
            Consent(
                person_id=person_id,
                purpose="counselling",
                text_version="v1",
                given_on=today - datetime.timedelta(days=rng.randrange(0, 1000)),
                method="written",
                withdrawn_on=today - datetime.timedelta(days=rng.randrange(0, 90))
                if withdrawn
                else None,
            )
        )
    Consent.objects.bulk_create(rows, batch_size=BATCH)


def _proposals(rng: random.Random, organisation: Organisation) -> None:
    occupation = Occupation.objects.order_by("pk").first()
    district = District.objects.order_by("pk").first()
    company = Company.objects.create(
        organisation=organisation,
        name="Bau GmbH",
        district=district,
        size="small",
        sector="F",
        latitude=52.13,
        longitude=11.63,
    )
    vacancy = Vacancy.objects.create(
        company=company,
        occupation=occupation,
        seats=50,
        start_date=datetime.date.today() + datetime.timedelta(days=120),
        district=district,
        latitude=52.13,
        longitude=11.63,
    )
    rows = [
        Proposal(
            office_id=office_id,
            person_id=person_id,
            vacancy=vacancy,
            source="manual",
            status=rng.choice(PROPOSAL_STATUSES),
        )
        for person_id, office_id in Person.objects.values_list("pk", "office_id")[::5]
    ]
    Proposal.objects.bulk_create(rows, batch_size=BATCH)


def _chains(rng: random.Random, organisation: Organisation, today: datetime.date) -> None:
    from kausa.core.tests.factories import published_person_chain

    template = published_person_chain(organisation, key="bench")
    steps = list(template.steps.all())
    runs = [
        ChainRun(
            template=template,
            office_id=office_id,
            person_id=person_id,
            district_id=template_district,
            counsellor_id=counsellor_id,
            started_on=today - datetime.timedelta(days=rng.randrange(0, 365)),
        )
        for person_id, office_id, counsellor_id, template_district in Case.objects.filter(
            person__isnull=False
        ).values_list("person_id", "office_id", "counsellor_id", "office__district_id")[::20]
    ]
    ChainRun.objects.bulk_create(runs, batch_size=BATCH)
    run_steps = [
        ChainRunStep(
            run_id=run_id,
            step=step,
            status=StepStatus.OPEN if rng.random() < 0.6 else StepStatus.DONE,
            due_on=today + datetime.timedelta(days=rng.randrange(-40, 90)),
        )
        for run_id in ChainRun.objects.values_list("pk", flat=True)
        for step in steps
    ]
    ChainRunStep.objects.bulk_create(run_steps, batch_size=BATCH)


def build(people: int, seed: int) -> tuple[User, User, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    organisation = Organisation.objects.create(name=ORGANISATION_NAME)
    offices, counsellors, lead = _staff(organisation)
    _people(rng, offices, people)
    _cases(rng, counsellors, today)
    _case_rows(rng, today)
    _consents(rng, today)
    _proposals(rng, organisation)
    _chains(rng, organisation, today)
    return counsellors[0][0], lead, offices[0].pk


def reuse() -> tuple[User, User, int]:
    """The users and office of a data set built earlier into the --keep file."""
    lead = User.objects.get(role=Role.TEAM_LEAD, organisation__name=ORGANISATION_NAME)
    counsellor = User.objects.filter(role=Role.COUNSELLOR).order_by("pk").first()
    assert counsellor is not None and counsellor.office_id is not None
    return counsellor, lead, counsellor.office_id


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def time_requests(
    user: User, params: dict[str, object], count: int, *, cold: bool
) -> dict[str, float]:
    client = _client(user)
    client.get("/", params, secure=True)  # the first request's sign-in bookkeeping
    timings, queries = [], 0
    for _ in range(count):
        if cold:
            connections.close_all()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/", params, secure=True)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(round(0.95 * len(timings)) - 1, 0)], 1),
        "queries": queries,
    }


def print_slowest_queries(viewer: str, user: User, params: dict[str, object]) -> None:
    client = _client(user)
    client.get("/", params, secure=True)
    with CaptureQueriesContext(connection) as captured:
        client.get("/", params, secure=True)
    slowest = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    print(f"slowest queries ({viewer}):")
    for query in slowest[:6]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", metavar="FILE", help="keep the SQLite data set in FILE")
    parser.add_argument(
        "--profile", action="store_true", help="also print the slowest queries of each page"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    if KEEP and Organisation.objects.filter(name=ORGANISATION_NAME).exists():
        counsellor, lead, office_id = reuse()
    else:
        counsellor, lead, office_id = build(args.people, args.seed)
    build_seconds = time.perf_counter() - started
    results = {}
    for viewer, user, params in (
        ("counsellor", counsellor, {}),
        ("team_lead", lead, {"office": office_id}),
    ):
        for mode in ("cold", "warm"):
            results[f"{viewer}_{mode}"] = time_requests(
                user, params, args.requests, cold=mode == "cold"
            )
    print(
        f"people={args.people:,}  built in {build_seconds:.1f} s  "
        f"(SQLite, {args.requests} requests each)"
    )
    print(f"{'viewer':<12}{'mode':<6}{'median ms':>11}{'p95 ms':>9}{'queries':>9}{'target':>8}")
    for name, figures in results.items():
        viewer, mode = name.rsplit("_", 1)
        print(
            f"{viewer:<12}{mode:<6}{figures['median_ms']:>11.1f}{figures['p95_ms']:>9.1f}"
            f"{figures['queries']:>9}{TARGET_MS:>8.0f}"
        )
    if args.profile:
        for viewer, user, params in (
            ("counsellor", counsellor, {}),
            ("team_lead", lead, {"office": office_id}),
        ):
            print_slowest_queries(viewer, user, params)
    worst = max(figures["p95_ms"] for figures in results.values())
    summary = {
        "benchmark": "dashboard",
        "people": args.people,
        "requests": args.requests,
        "target_ms": TARGET_MS,
        "results": results,
        "worst_p95_ms": worst,
        "within_target": worst <= TARGET_MS,
    }
    print(json.dumps(summary))
    shutil.rmtree(FOLDER, ignore_errors=True)


if __name__ == "__main__":
    main()
