"""Benchmark: the yearly funder report over 100,000 young people and their cases (target 1 s).

Run: .venv/bin/python bench/reports.py [--people 100000] [--seed 7]
Builds a seeded data set with bulk inserts (not timed): three offices, people with a case
each (a tenth with a second one), sessions, stage history, proposals, referrals, process
chains and company cases. Then times `build_report` for one year twice (cold: the first
call on a fresh connection; warm: the second) and prints the seconds, the query count and
one JSON line.

Uses a fresh SQLite database in a temporary folder; when DATABASE_URL names a PostgreSQL
server, a throw-away test database on that server instead (created and dropped here).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

FOLDER = tempfile.mkdtemp(prefix="kausa-bench-reports-")
# --keep FILE: build the SQLite data set into FILE once and reuse it on later runs.
KEEP = sys.argv[sys.argv.index("--keep") + 1] if "--keep" in sys.argv else ""
if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    os.environ.pop("DATABASE_URL", None)
    os.environ["SQLITE_PATH"] = KEEP or str(Path(FOLDER) / "bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kausa.settings")
os.environ.setdefault("DEBUG", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from kausa.chains.models import ChainRun, ChainRunStep, ChainStep, ChainTemplate  # noqa: E402
from kausa.companies.models import Company  # noqa: E402
from kausa.core.models import District, Occupation, Office, Organisation, Role, User  # noqa: E402
from kausa.counselling.models import (  # noqa: E402
    Case,
    CaseStageChange,
    CounsellingSession,
    EndReason,
    Referral,
    ReferralStatus,
)
from kausa.partners.models import Partner, PartnerType, Topic  # noqa: E402
from kausa.people.models import Person, PersonSensitive, ResidenceStatus  # noqa: E402
from kausa.placements.models import Proposal, ProposalStatus, ProposalStatusChange  # noqa: E402
from kausa.reports.indicators import build_report, period_for  # noqa: E402
from kausa.vacancies.models import Vacancy  # noqa: E402

TARGET_SECONDS = 1.0
YEAR = 2025
BATCH = 5000
STAGES = ["in_counselling", "applying", "entry_qualification", "training_started"]
COMPANY_STAGES = ["trainer_qualification", "chamber_registration", "first_apprentice"]


def moment(rng: random.Random) -> datetime.datetime:
    """A random local time between 2024 and 2026."""
    day = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
    naive = datetime.datetime.combine(day, datetime.time(rng.randrange(8, 18)))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def setup_tenancy() -> tuple[Organisation, list[Office], User, list[District]]:
    organisation = Organisation.objects.create(name="Benchmark-Landesstelle")
    districts = list(District.objects.order_by("pk")[:40])
    offices = [
        Office.objects.create(organisation=organisation, name=f"KAUSA {n}", district=districts[n])
        for n in range(3)
    ]
    user = User.objects.create(
        username="bench", office=offices[0], organisation=organisation, role=Role.COUNSELLOR
    )
    return organisation, offices, user, districts


def make_people(count: int, rng: random.Random, offices: list[Office], districts: list[District]):
    people = [
        Person(
            office=rng.choice(offices),
            first_name=f"P{n}",
            last_name="Bench",
            birth_date=datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(6000))
            if rng.random() < 0.95
            else None,
            district=rng.choice(districts),
            german_level=rng.randrange(8),
        )
        for n in range(count)
    ]
    Person.objects.bulk_create(people, batch_size=BATCH)
    statuses = [choice.value for choice in ResidenceStatus]
    PersonSensitive.objects.bulk_create(
        [
            PersonSensitive(
                person=person,
                residence_status=rng.choice(statuses),
                has_migration_background=rng.choice([True, False, None]),
                has_refugee_background=rng.random() < 0.4,
            )
            for person in people
        ],
        batch_size=BATCH,
    )
    return people


def make_cases(people, rng: random.Random, user: User) -> list[Case]:
    cases = []
    for person in people:
        for _n in range(2 if rng.random() < 0.1 else 1):
            opened = moment(rng)
            closed = opened + datetime.timedelta(days=rng.randrange(30, 700))
            is_closed = closed < timezone.now() and rng.random() < 0.5
            completed = is_closed and rng.random() < 0.3
            stage = "training_completed" if completed else rng.choice(STAGES)
            cases.append(
                Case(
                    office_id=person.office_id,
                    person=person,
                    counsellor=user,
                    opened_on=opened.date(),
                    stage="ended" if is_closed and not completed else stage,
                    closed_at=closed if is_closed else None,
                    end_reason=rng.choice(EndReason.values) if is_closed else "",
                )
            )
    Case.objects.bulk_create(cases, batch_size=BATCH)
    return cases


def make_history(cases: list[Case], rng: random.Random) -> None:
    sessions, changes = [], []
    for case in cases:
        for _n in range(rng.randrange(1, 5)):
            held = case.opened_on + datetime.timedelta(days=rng.randrange(400))
            sessions.append(
                CounsellingSession(case=case, held_on=held, duration_minutes=45, channel="phone")
            )
        for stage in STAGES[: rng.randrange(1, 5)]:
            changes.append(CaseStageChange(case=case, stage=stage, changed_at=moment(rng)))
    CounsellingSession.objects.bulk_create(sessions, batch_size=BATCH)
    CaseStageChange.objects.bulk_create(changes, batch_size=BATCH)
    spread(CaseStageChange, "changed_at", [change.pk for change in changes], rng)


def spread(model, field: str, pks: list[int], rng: random.Random, buckets: int = 150) -> None:
    """auto_now_add stamped every row with today: spread the rows over 2024–2026 again."""
    rng.shuffle(pks)
    size = len(pks) // buckets + 1
    for start in range(0, len(pks), size):
        model.objects.filter(pk__in=pks[start : start + size]).update(**{field: moment(rng)})


def make_companies(organisation, offices, districts, rng: random.Random, user: User):
    occupation = Occupation.objects.order_by("pk").first()
    companies = Company.objects.bulk_create(
        [
            Company(
                organisation=organisation,
                name=f"Betrieb {n}",
                postal_code="39104",
                place="Magdeburg",
                district=rng.choice(districts),
                latitude=52.1,
                longitude=11.6,
                size="small",
                sector="F",
                competent_body="HWK",
            )
            for n in range(5000)
        ],
        batch_size=BATCH,
    )
    cases = Case.objects.bulk_create(
        [
            Case(
                office=rng.choice(offices),
                company=company,
                counsellor=user,
                opened_on=moment(rng).date(),
                stage="counselling",
            )
            for company in companies
        ],
        batch_size=BATCH,
    )
    milestones = CaseStageChange.objects.bulk_create(
        [CaseStageChange(case=case, stage=rng.choice(COMPANY_STAGES)) for case in cases],
        batch_size=BATCH,
    )
    spread(CaseStageChange, "changed_at", [change.pk for change in milestones], rng)
    vacancies = Vacancy.objects.bulk_create(
        [
            Vacancy(
                company=company,
                occupation=occupation,
                seats=2,
                start_date=datetime.date(YEAR, 8, 1),
                postal_code="39104",
                place="Magdeburg",
                district=company.district,
                latitude=52.1,
                longitude=11.6,
            )
            for company in companies[:2000]
        ],
        batch_size=BATCH,
    )
    return cases, vacancies


def make_placements(people, vacancies, rng: random.Random) -> None:
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                office_id=person.office_id,
                person=person,
                vacancy=rng.choice(vacancies),
                status=rng.choice(ProposalStatus.values),
                source="manual",
            )
            for person in rng.sample(people, len(people) // 3)
        ],
        batch_size=BATCH,
    )
    signed = ProposalStatusChange.objects.bulk_create(
        [
            ProposalStatusChange(proposal=proposal, status=proposal.status)
            for proposal in proposals
            if proposal.status == ProposalStatus.CONTRACT_SIGNED
        ],
        batch_size=BATCH,
    )
    spread(Proposal, "created_at", [proposal.pk for proposal in proposals], rng)
    spread(ProposalStatusChange, "changed_at", [change.pk for change in signed], rng)


def make_referrals_and_chains(organisation, cases, offices, rng: random.Random, user) -> None:
    topic = Topic.objects.create(code="bench", name="Bench")
    partners = Partner.objects.bulk_create(
        [
            Partner(organisation=organisation, name=f"Partner {kind}", partner_type=kind)
            for kind in PartnerType.values
        ]
    )
    referrals = Referral.objects.bulk_create(
        [
            Referral(
                case=case,
                partner=rng.choice(partners),
                topic=topic,
                status=rng.choice(ReferralStatus.values),
            )
            for case in rng.sample(cases, len(cases) // 3)
        ],
        batch_size=BATCH,
    )
    spread(Referral, "created_at", [referral.pk for referral in referrals], rng)
    template = ChainTemplate.objects.create(
        organisation=organisation,
        key="bench",
        audience="person",
        status="published",
        valid_from=datetime.date(2024, 1, 1),
    )
    steps = ChainStep.objects.bulk_create(
        [
            ChainStep(template=template, position=n, key=f"s{n}", responsible="office")
            for n in range(5)
        ]
    )
    runs = ChainRun.objects.bulk_create(
        [
            ChainRun(
                template=template,
                office_id=case.office_id,
                person_id=case.person_id,
                counsellor=user,
                started_on=moment(rng).date(),
            )
            for case in rng.sample(cases, len(cases) // 10)
        ],
        batch_size=BATCH,
    )
    ChainRunStep.objects.bulk_create(
        [
            ChainRunStep(
                run=run,
                step=step,
                status="done" if rng.random() < 0.8 else "open",
                completed_at=moment(rng),
            )
            for run in runs
            for step in steps
        ],
        batch_size=BATCH,
    )


def build(count: int, seed: int) -> tuple[Organisation, dict[str, int]]:
    rng = random.Random(seed)
    organisation, offices, user, districts = setup_tenancy()
    people = make_people(count, rng, offices, districts)
    cases = make_cases(people, rng, user)
    make_history(cases, rng)
    _company_cases, vacancies = make_companies(organisation, offices, districts, rng, user)
    make_placements(people, vacancies, rng)
    make_referrals_and_chains(organisation, cases, offices, rng, user)
    rows = {
        "people": Person.objects.count(),
        "cases": Case.objects.count(),
        "sessions": CounsellingSession.objects.count(),
        "stage_changes": CaseStageChange.objects.count(),
        "proposals": Proposal.objects.count(),
        "referrals": Referral.objects.count(),
        "chain_runs": ChainRun.objects.count(),
    }
    return organisation, rows


def timed(organisation: Organisation) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds of this process (SQLite runs in it, so this is the
    figure a busy machine does not inflate) and the number of queries."""
    reset_queries()
    started, cpu = time.perf_counter(), time.process_time()
    build_report(organisation=organisation, period=period_for("year", YEAR))
    return time.perf_counter() - started, time.process_time() - cpu, len(connection.queries)


def time_tables(organisation: Organisation) -> None:
    """Seconds per table, to find the slow one."""
    from kausa.reports import indicators, indicators_activity, indicators_breakdowns
    from kausa.reports.indicators_scope import Scope

    scope = Scope(
        organisation=organisation,
        offices=list(organisation.offices.order_by("name")),
        district=None,
        period=period_for("year", YEAR),
    )
    functions = [
        indicators.people_counselled,
        indicators.people_stage_transitions,
        indicators.people_case_endings,
        indicators.companies_counselled,
        *[
            getattr(indicators_activity, name)
            for name in (
                "placements_proposals",
                "placements_contracts",
                "referrals_by_partner_type",
                "chains_runs",
                "bsk_demand",
            )
        ],
        indicators_breakdowns.breakdown_tables,
    ]
    for function in functions:
        started, cpu = time.perf_counter(), time.process_time()
        function(scope)
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        print(f"{function.__name__:<32}{wall:>8.3f}{used:>8.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", default="", help="SQLite file to build once and reuse")
    parser.add_argument("--tables", action="store_true", help="also time each table")
    args = parser.parse_args()
    postgres = connection.vendor == "postgresql"
    if postgres:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    try:
        started = time.perf_counter()
        existing = Organisation.objects.filter(name="Benchmark-Landesstelle").first()
        if args.keep and existing is not None:
            organisation, rows = existing, {"people": Person.objects.count()}
            rows["cases"] = Case.objects.count()
        else:
            organisation, rows = build(args.people, args.seed)
        build_seconds = time.perf_counter() - started
        connection.close()  # cold: a fresh connection, nothing cached on the client side
        connection.force_debug_cursor = True
        cold, cold_cpu, cold_queries = timed(organisation)
        warm, warm_cpu, warm_queries = timed(organisation)
        if args.tables:
            time_tables(organisation)
    finally:
        if postgres:
            connection.creation.destroy_test_db(
                connection.settings_dict["NAME"], verbosity=0, keepdb=False
            )
        shutil.rmtree(FOLDER, ignore_errors=True)
        if args.keep:
            print(f"data set kept in {args.keep}")
    print(f"database {connection.vendor}, rows {rows}, built in {build_seconds:.1f} s")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'run':<6}{'seconds':>9}{'cpu':>7}{'queries':>9}{'target':>8}")
    print(f"{'cold':<6}{cold:>9.3f}{cold_cpu:>7.3f}{cold_queries:>9}{TARGET_SECONDS:>8.1f}")
    print(f"{'warm':<6}{warm:>9.3f}{warm_cpu:>7.3f}{warm_queries:>9}{TARGET_SECONDS:>8.1f}")
    summary = {
        "benchmark": "reports",
        "database": connection.vendor,
        "people": rows["people"],
        "cases": rows["cases"],
        "cold_seconds": round(cold, 3),
        "warm_seconds": round(warm, 3),
        "cold_cpu_seconds": round(cold_cpu, 3),
        "warm_cpu_seconds": round(warm_cpu, 3),
        "queries": warm_queries,
        "target_seconds": TARGET_SECONDS,
        "ok": max(cold, warm) <= TARGET_SECONDS,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
