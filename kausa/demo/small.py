"""The small demo set: one state organisation (Sachsen-Anhalt) with three offices.

`load_small()` creates the organisation "KAUSA Landesstelle Sachsen-Anhalt (Demo)", its offices
in Magdeburg, Halle (Saale) and Dessau-Roßlau, demo logins (all with the password
`DEMO_PASSWORD`), 300 people, 150 companies, 400 apprenticeship places and 40 network
partners, and a year of events per office (`kausa.demo.small_events`). Every name is a
synthetic combination, every e-mail address is on a reserved example domain and every phone
number an unassigned "drama number" (see `kausa.demo.names`).

- Reproducible: every random value comes from one `numpy.random.default_rng(seed)`, drawn in a
  fixed order over ordered sequences (`kausa.demo.context`); dates are relative to one `today`.
- Idempotent: if the demo organisation exists, nothing is written and its data is reused.
- One transaction. Rows are bulk-created for speed, with every derived column the services
  fill (place, district and coordinates from the gazetteer, the normalised `search_text`) and
  one audit entry (`demo.<model>.created`, no actor) per created record.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from kausa.core.models import AuditEntry, Office, Organisation, OrganisationKind, Role, User
from kausa.demo.context import DemoContext
from kausa.demo.names import demo_email
from kausa.demo.small_bsk import create_course_statuses, create_import_run
from kausa.demo.small_chains import create_chains
from kausa.demo.small_companies import create_companies, create_vacancies
from kausa.demo.small_counselling import create_counselling
from kausa.demo.small_events import create_events
from kausa.demo.small_followup import create_followup
from kausa.demo.small_partners import create_partners
from kausa.demo.small_people import create_people
from kausa.demo.small_portal import create_portal, create_portal_requests
from kausa.people.models import Person
from kausa.vacancies.models import Vacancy

DEMO_ORGANISATION_NAME = "KAUSA Landesstelle Sachsen-Anhalt (Demo)"
DEMO_PASSWORD = "kausa-demo-2026"  # noqa: S105 - the documented password of the demo logins
DEMO_STATE_KEY_PREFIX = "15"  # Sachsen-Anhalt
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class OfficeSpec:
    name: str
    district_key: str
    login_suffix: str  # the counsellor logs in as berater.<suffix>


OFFICES = (
    OfficeSpec("KAUSA Magdeburg", "15003", "magdeburg"),
    OfficeSpec("KAUSA Halle (Saale)", "15002", "halle"),
    OfficeSpec("KAUSA Dessau-Roßlau", "15001", "dessau"),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    office: str  # office name; empty for staff who see all offices


@dataclass(frozen=True)
class DemoSummary:
    created: bool  # False: the demo organisation existed and its data was reused
    organisation: str
    seed: int | None  # None when existing data was reused
    password: str
    logins: tuple[DemoLogin, ...]
    offices: int
    people: int
    companies: int
    vacancies: int
    seats: int
    partners: int
    seconds: float


def load_small(*, seed: int = DEFAULT_SEED, today: date | None = None) -> DemoSummary:
    """Create the small demo set, or reuse it if the demo organisation already exists."""
    started = time.perf_counter()
    with transaction.atomic():
        organisation = Organisation.objects.filter(name=DEMO_ORGANISATION_NAME).first()
        created = organisation is None
        if organisation is None:
            ctx = DemoContext(
                seed=seed,
                today=today or timezone.localdate(),
                state_key_prefix=DEMO_STATE_KEY_PREFIX,
            )
            organisation = _build(ctx)
    return _summary(
        organisation,
        created=created,
        seed=seed if created else None,
        seconds=time.perf_counter() - started,
    )


def _build(ctx: DemoContext) -> Organisation:
    organisation = Organisation.objects.create(
        name=DEMO_ORGANISATION_NAME, kind=OrganisationKind.LANDESSTELLE
    )
    ctx.log_created(organisation)
    offices = _create_offices(ctx, organisation)
    _create_users(ctx, organisation, offices)
    people = create_people(ctx, offices)
    companies = create_companies(ctx, organisation, offices)
    create_vacancies(ctx, companies)
    partners = create_partners(ctx, organisation)
    create_counselling(ctx, offices, people, [item.company for item in companies], partners)
    create_chains(ctx, organisation, offices)
    create_events(ctx, organisation, offices, people, [item.company for item in companies])
    create_followup(ctx, offices)
    create_course_statuses(ctx, offices)
    create_import_run(ctx, organisation, offices)
    create_portal(ctx, organisation, offices, DEMO_PASSWORD)
    create_portal_requests(ctx, organisation, offices)
    AuditEntry.objects.bulk_create(ctx.audit, batch_size=500)
    from kausa.portal.content.services import content_defaults  # the portal's German pages

    content_defaults(organisation)
    return organisation


def _create_offices(ctx: DemoContext, organisation: Organisation) -> list[Office]:
    offices = []
    for spec in OFFICES:
        office = Office.objects.create(
            organisation=organisation,
            name=spec.name,
            district=ctx.district_rows[spec.district_key],
            email=demo_email(f"kausa.{spec.login_suffix}", 0),
            phone=ctx.phone(),
        )
        ctx.log_created(office, office)
        offices.append(office)
    return offices


def _create_users(ctx: DemoContext, organisation: Organisation, offices: list[Office]) -> None:
    logins: list[tuple[str, Role, Office | None]] = [
        (f"berater.{spec.login_suffix}", Role.COUNSELLOR, office)
        for spec, office in zip(OFFICES, offices, strict=True)
    ]
    logins += [
        ("lesend.magdeburg", Role.READ_ONLY, offices[0]),
        ("leitung", Role.TEAM_LEAD, None),
        ("admin", Role.ADMIN, None),
    ]
    for username, role, office in logins:
        first, last = ctx.person_name(None, female=ctx.chance(0.6))
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=demo_email(username, 1),
            role=role,
            office=office,
            organisation=organisation,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        ctx.log_created(user, office)


_ROLE_ORDER: list[str] = [Role.COUNSELLOR, Role.READ_ONLY, Role.TEAM_LEAD, Role.ADMIN]


def _summary(
    organisation: Organisation, *, created: bool, seed: int | None, seconds: float
) -> DemoSummary:
    users = sorted(
        User.objects.filter(organisation=organisation).select_related("office"),
        key=lambda u: (
            u.office is None,
            u.office.name if u.office else "",
            _ROLE_ORDER.index(u.role),
            u.username,
        ),
    )
    vacancies = Vacancy.objects.filter(company__organisation=organisation)
    return DemoSummary(
        created=created,
        organisation=organisation.name,
        seed=seed,
        password=DEMO_PASSWORD,
        logins=tuple(
            DemoLogin(username=u.username, role=u.role, office=u.office.name if u.office else "")
            for u in users
        ),
        offices=organisation.offices.count(),
        people=Person.objects.filter(office__organisation=organisation).count(),
        companies=organisation.companies.count(),
        vacancies=vacancies.count(),
        seats=vacancies.aggregate(total=Sum("seats"))["total"] or 0,
        partners=organisation.partners.count(),
        seconds=seconds,
    )
