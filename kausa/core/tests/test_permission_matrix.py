"""The permission matrix: every staff URL × every role × every method, as data.

The records belong to office A of organisation 1, and the person is shared with office C.
The roles: an anonymous visitor, the owning counsellor (office A), a read-only colleague of
office A, a counsellor of office B, a counsellor of office C (the person is shared with it:
it reads the person, writes nothing), the team lead of organisation 1, and a counsellor, a
team lead and an administrator of organisation 2. Each route names a policy per method: the
expected outcome per role. A route missing here fails the test, so new routes cannot slip
through; a route that answers POST must list it. Outcomes: "ok" (allowed: a page, a form
with errors or a redirect that is not the login), "login" (redirect to the login), 403, 404,
405. Read-only and non-owning writes answer 403, invisible objects 404.

Further down: ids of another office or organisation in POST bodies and query strings change
nothing, and every list, search, panel and task page shows no row of another office or
organisation. The pair count makes a selection that checks nothing fail.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kausa.ba.models import ImportRun
from kausa.chains.services.runs import chain_run_start
from kausa.core.models import Office, Organisation, Role, User
from kausa.core.tests.factories import (
    CompanyFactory,
    OfficeFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VacancyFactory,
    district,
    published_person_chain,
)
from kausa.counselling.models import Case, Consent, CounsellingSession, NextStep, Referral
from kausa.counselling.services.consents import consent_record
from kausa.placements.models import MatchingRun, MatchingRunPair, Proposal
from kausa.portal.tests import matrix_registry as portal_matrix_registry

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "owner",
    "reader",
    "other_office",
    "shared_office",
    "team_lead",
    "outsider",
    "outsider_lead",
    "outsider_admin",
)
OK, LOGIN = "ok", "login"
# fmt: off
POLICIES: dict[str, tuple[Any, ...]] = {
    #                      anon   owner reader other shared lead  out   o.lead o.admin
    # a person and what hangs on the person: the office it is shared with reads it
    "person_read":        (LOGIN, OK,   OK,   404,  OK,   OK,   404,  404,  404),
    "person_write":       (LOGIN, OK,   403,  404,  403,  403,  404,  404,  404),
    # the person's consents and data rights: only staff of the owning office
    "person_staff_read":  (LOGIN, OK,   OK,   404,  403,  403,  404,  404,  404),
    # records of one office (cases, referrals, runs): not shared with other offices
    "office_read":        (LOGIN, OK,   OK,   404,  404,  OK,   404,  404,  404),
    "office_write":       (LOGIN, OK,   403,  404,  404,  403,  404,  404,  404),
    "office_staff_read":  (LOGIN, OK,   OK,   404,  404,  403,  404,  404,  404),
    "office_writer_read": (LOGIN, OK,   403,  404,  404,  403,  404,  404,  404),
    # records shared by the organisation (companies, places, partners, chain templates)
    "org_read":           (LOGIN, OK,   OK,   OK,   OK,   OK,   404,  404,  404),
    "org_write":          (LOGIN, OK,   403,  OK,   OK,   OK,   404,  404,  404),
    "org_office_write":   (LOGIN, OK,   403,  OK,   OK,   403,  404,  404,  404),
    # configuration: the role is checked before the record, so other roles learn nothing
    "org_lead_write":     (LOGIN, 403,  403,  403,  403,  OK,   403,  404,  404),
    # lists and forms without an object
    "list":               (LOGIN, OK,   OK,   OK,   OK,   OK,   OK,   OK,   OK),
    "create":             (LOGIN, OK,   403,  OK,   OK,   403,  OK,   403,  403),
    "create_org":         (LOGIN, OK,   403,  OK,   OK,   OK,   OK,   OK,   OK),
    "lead_only":          (LOGIN, 403,  403,  403,  403,  OK,   403,  OK,   OK),
    # organisation records only its team leads read (job agency import reports)
    "org_lead_read":      (LOGIN, 403,  403,  403,  403,  OK,   403,  404,  404),
}
# fmt: on

# route -> (the records its args name, or None; {method: policy})
MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "workbench:dashboard": (None, {"get": "list"}),
    "workbench:tasks": (None, {"get": "list"}),
    "workbench:step_done": ("step", {"post": "office_write"}),
    "workbench:step_reopen": ("step", {"post": "office_write"}),
    "workbench:run_step_done": ("chain_run_step", {"post": "office_write"}),
    "workbench:run_step_reopen": ("chain_run_step", {"post": "office_write"}),
    "core:offices": (None, {"get": "list"}),
    "core:districts": (None, {"get": "list"}),
    "core:audit": (None, {"get": "lead_only"}),
    "core:design": (None, {"get": "list"}),
    "people:list": (None, {"get": "list", "post": "list"}),
    "people:create": (None, {"get": "create", "post": "create"}),
    "people:detail": ("person", {"get": "person_read"}),
    "people:edit": ("person", {"get": "person_write", "post": "person_write"}),
    "people:sensitive": ("person", {"get": "person_write", "post": "person_write"}),
    "people:sharing": ("person", {"get": "person_write", "post": "person_write"}),
    "people:archive": ("person", {"post": "person_write"}),
    "companies:list": (None, {"get": "list"}),
    "companies:create": (None, {"get": "create_org", "post": "create_org"}),
    "companies:detail": ("company", {"get": "org_read"}),
    "companies:edit": ("company", {"get": "org_write", "post": "org_write"}),
    "companies:archive": ("company", {"post": "org_write"}),
    "vacancies:list": (None, {"get": "list"}),
    "vacancies:create": (None, {"get": "create_org", "post": "create_org"}),
    "vacancies:detail": ("vacancy", {"get": "org_read"}),
    "vacancies:edit": ("vacancy", {"get": "org_write", "post": "org_write"}),
    "vacancies:archive": ("vacancy", {"post": "org_write"}),
    "partners:list": (None, {"get": "list"}),
    "partners:create": (None, {"get": "create_org", "post": "create_org"}),
    "partners:detail": ("partner", {"get": "org_read"}),
    "partners:edit": ("partner", {"get": "org_write", "post": "org_write"}),
    "partners:archive": ("partner", {"post": "org_write"}),
    "partners:topics": (None, {"get": "list", "post": "lead_only"}),
    "placements:list": (None, {"get": "list"}),
    "placements:person": ("person", {"get": "person_read"}),
    "placements:create": ("person", {"post": "person_write"}),
    "placements:vacancy": ("vacancy", {"get": "org_read"}),
    "placements:proposal": ("proposal", {"get": "person_read", "post": "person_write"}),
    "placements:weights": (None, {"get": "lead_only", "post": "lead_only"}),
    "placements:runs": (None, {"get": "list", "post": "create_org"}),
    "placements:run": ("run", {"get": "office_read"}),
    "placements:run_accept": ("run_pair", {"post": "office_write"}),
    "ba:runs": (None, {"get": "lead_only", "post": "lead_only"}),
    "ba:run": ("ba_run", {"get": "org_lead_read"}),
    "counselling:list": (None, {"get": "list"}),
    "counselling:person_open": ("person", {"get": "person_write", "post": "person_write"}),
    "counselling:person_panel": ("person", {"get": "person_read"}),
    "counselling:consents": ("person", {"get": "person_staff_read", "post": "person_write"}),
    "counselling:data_rights": ("person", {"get": "person_staff_read"}),
    "counselling:export_json": ("person", {"get": "person_staff_read"}),
    "counselling:export_document": ("person", {"get": "person_staff_read"}),
    "counselling:erase": ("person", {"post": "person_write"}),
    "counselling:company_panel": ("company", {"get": "org_read"}),
    "counselling:company_open": (
        "company",
        {"get": "org_office_write", "post": "org_office_write"},
    ),
    "counselling:case": ("case", {"get": "office_read"}),
    "counselling:session_create": ("case", {"post": "office_write"}),
    "counselling:step_create": ("case", {"post": "office_write"}),
    "counselling:stage": ("case", {"post": "office_write"}),
    "counselling:close": ("case", {"post": "office_write"}),
    "counselling:reopen": ("case", {"post": "office_write"}),
    "counselling:handover": ("case", {"post": "office_write"}),
    "counselling:refer": ("case", {"get": "office_write", "post": "office_write"}),
    "counselling:step_done": ("step", {"post": "office_write"}),
    "counselling:step_reopen": ("step", {"post": "office_write"}),
    "counselling:followup_plan": ("case", {"post": "office_write"}),
    "counselling:followup_done": ("case", {"post": "office_write"}),
    "counselling:followup_warning": ("case", {"post": "office_write"}),
    "counselling:followup_outcome": ("case", {"post": "office_write"}),
    "counselling:followup_settings": (None, {"get": "lead_only", "post": "lead_only"}),
    "counselling:referral": ("referral", {"get": "office_read"}),
    "counselling:referral_status": ("referral", {"post": "office_write"}),
    "counselling:referral_email": (
        "referral",
        {"get": "office_writer_read", "post": "office_write"},
    ),
    "counselling:referral_handout": ("referral", {"get": "office_writer_read"}),
    "counselling:consent_withdraw": ("consent", {"post": "person_write"}),
    "chains:templates": (None, {"get": "list"}),
    "chains:template": ("chain", {"get": "org_read"}),
    "chains:template_edit": ("chain", {"get": "org_lead_write", "post": "org_lead_write"}),
    "chains:new_version": ("chain", {"post": "org_lead_write"}),
    "chains:publish": ("chain", {"get": "org_lead_write", "post": "org_lead_write"}),
    "chains:step_add": ("chain", {"get": "org_lead_write", "post": "org_lead_write"}),
    "chains:step_edit": ("chain_step", {"get": "org_lead_write", "post": "org_lead_write"}),
    "chains:district_partners": ("chain", {"get": "org_lead_write", "post": "org_lead_write"}),
    "chains:step_action": ("chain_step_id", {"post": "org_lead_write"}),
    "chains:step_check": ("chain_step_id", {"post": "org_lead_write"}),
    "chains:review": (None, {"get": "lead_only"}),
    "chains:person_panel": ("person", {"get": "person_read"}),
    "chains:person_start": ("person", {"get": "person_write", "post": "person_write"}),
    "chains:company_panel": ("company", {"get": "org_read"}),
    "chains:company_start": ("company", {"get": "org_office_write", "post": "org_office_write"}),
    "chains:run": ("chain_run", {"get": "office_read"}),
    "chains:handout": ("chain_run", {"get": "office_staff_read"}),
    "chains:run_step": ("chain_run_step", {"post": "office_write"}),
    "chains:run_language": ("chain_run", {"post": "office_write"}),
    "bsk:person_panel": ("person", {"get": "person_read"}),
    "bsk:course_status": ("person", {"post": "person_write"}),
    "bsk:pooling": (None, {"get": "lead_only"}),
    "bsk:pooling_notice": (None, {"get": "lead_only"}),
    "bsk:pooling_notice_xlsx": (None, {"get": "lead_only"}),
    "reports:report": (None, {"get": "lead_only"}),
    "reports:print": (None, {"get": "lead_only"}),
    "reports:xlsx": (None, {"get": "lead_only"}),
    "reports:csv": (None, {"get": "lead_only"}),
    "reports:pdf": (None, {"get": "lead_only"}),
    "events:list": (None, {"get": "list"}),
    "events:create": (None, {"get": "create", "post": "create"}),
    "events:formats": (None, {"get": "list", "post": "lead_only"}),
    "events:consent_texts": (None, {"get": "lead_only", "post": "lead_only"}),
    "events:calendar": (None, {"get": "list"}),
    "events:detail": ("event", {"get": "office_read"}),
    "events:edit": ("event", {"get": "office_write", "post": "office_write"}),
    "events:status": ("event", {"post": "office_write"}),
    "events:evaluation": ("event", {"post": "office_write"}),
    "events:invitation": ("event", {"get": "office_read"}),
    "events:register": ("event", {"get": "office_read", "post": "office_write"}),
    "events:check_in": ("event", {"get": "office_read", "post": "office_read"}),
    "events:print": ("event", {"get": "office_read"}),
    "events:contacts": ("event", {"get": "office_read", "post": "office_write"}),
    "events:event_ics": ("event", {"get": "office_read"}),
    "events:registration_cancel": ("registration", {"post": "office_write"}),
    "events:check_in_toggle": ("registration", {"post": "office_write"}),
    "events:contact_action": ("event_contact", {"post": "office_write"}),
    "events:route": ("event_route", {"get": "office_read"}),
    "events:route_stop_add": ("event_route", {"post": "office_write"}),
    "events:route_optimise": ("event_route", {"post": "office_write"}),
    "events:route_sheet": ("event_route", {"get": "office_read"}),
    "events:route_gpx": ("event_route", {"get": "office_read"}),
    "events:route_stop_remove": ("route_stop", {"post": "office_write"}),
    "events:route_stop_move": ("route_stop", {"post": "office_write"}),
    "events:speeddating": ("event_speed_dating", {"get": "office_read"}),
    "events:speeddating_plan": ("event_speed_dating", {"get": "office_read"}),
    "events:speeddating_setup": ("event_speed_dating", {"post": "office_write"}),
    "events:speeddating_wish": ("event_speed_dating", {"post": "office_write"}),
    "events:speeddating_schedule": ("event_speed_dating", {"post": "office_write"}),
    "events:award_rounds": (None, {"get": "list", "post": "create"}),
    "events:award_round": ("award_round", {"get": "office_read"}),
    "events:award_round_edit": ("award_round", {"get": "office_write", "post": "office_write"}),
    "events:nominate": ("award_round", {"post": "office_write"}),
    "events:award_round_status": ("award_round", {"post": "office_write"}),
    "events:award_round_public": ("award_round", {"get": "office_read"}),
    "events:vote": ("nomination", {"post": "office_write"}),
    "events:ambassadors": (None, {"get": "list", "post": "create"}),
    "events:ambassador": ("ambassador", {"get": "office_read", "post": "office_write"}),
    "events:ambassador_active": ("ambassador", {"post": "office_write"}),
    "events:ambassador_appearance": ("ambassador", {"post": "office_write"}),
    "people:guardians": ("person", {"get": "person_staff_read", "post": "person_write"}),
    "people:guardian_remove": ("guardian", {"post": "person_write"}),
    "administration:staff": (None, {"get": "lead_only"}),
    "administration:invite": (None, {"get": "lead_only", "post": "lead_only"}),
    "administration:staff_detail": ("staff_member", {"get": "org_lead_write"}),
    "administration:role": ("staff_member", {"get": "org_lead_write", "post": "org_lead_write"}),
    "administration:deactivate": ("staff_member", {"post": "org_lead_write"}),
    "administration:reactivate": ("staff_member", {"post": "org_lead_write"}),
    "administration:resend": ("staff_member", {"post": "org_lead_write"}),
    "administration:mfa_reset": (
        "staff_member",
        {"get": "org_lead_write", "post": "org_lead_write"},
    ),
    "administration:offices": (None, {"get": "lead_only"}),
    "administration:office_create": (None, {"get": "lead_only", "post": "lead_only"}),
    "administration:office_edit": ("office", {"get": "org_lead_write", "post": "org_lead_write"}),
}
# The portal's staff pages (approvals, requests, content), declared by each portal sub-domain.
MATRIX.update(portal_matrix_registry.staff_matrix())

# Public and account routes: login, logout, language, health, own account pages; the events'
# iCal feed and cancellation link carry a signed token (kausa/events/tests/test_calendar_*.py);
# the staff invitation link carries a one-time token (kausa/administration/tests).
PUBLIC = {"login", "logout", "set_language", "healthz", "events:feed", "events:cancel"}
PUBLIC |= {"administration:invitation"}
PUBLIC |= {"favicon", "portal_root", "legacy_staff_redirect"}  # redirects, for every visitor
OWN_ACCOUNT_APP = "accounts"  # pages about the signed-in user's own account, tested there


def pattern_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in ("admin", OWN_ACCOUNT_APP):
                continue
            if entry.namespace == "api":  # token roles: kausa/api/tests/test_schema_and_matrix.py
                continue
            if entry.app_name is None:  # i18n: set_language
                names |= {str(p.name) for p in entry.url_patterns if isinstance(p, URLPattern)}
                continue
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                names.add(f"{entry.namespace}:{pattern.name}")
        else:
            names.add(str(entry.name))
    return names


def test_every_route_is_in_the_matrix():
    assert pattern_names() == set(MATRIX) | PUBLIC


def test_every_policy_names_every_role():
    assert all(len(outcomes) == len(ROLES) for outcomes in POLICIES.values())
    used = {policy for _kind, methods in MATRIX.values() for policy in methods.values()}
    assert used <= set(POLICIES)


@pytest.fixture(autouse=True)
def _courses_cached(db):
    """The course panel reads a cached search: no request leaves the machine."""
    from kausa.bsk.tests.fixtures import cache_courses

    cache_courses("39104")


@pytest.fixture
def office_c(organisation: Organisation) -> Office:
    return OfficeFactory(organisation=organisation, name="KAUSA Dessau", district=district("15001"))


@pytest.fixture
def other_organisation(outsider: User) -> Organisation:
    assert outsider.organisation is not None
    return outsider.organisation


@pytest.fixture
def users(counsellor_a, reader_a, counsellor_b, team_lead, outsider, office_c, other_organisation):
    return {
        "anonymous": None,
        "owner": counsellor_a,
        "reader": reader_a,
        "other_office": counsellor_b,
        "shared_office": UserFactory(office=office_c, role=Role.COUNSELLOR, username="berater.c"),
        "team_lead": team_lead,
        "outsider": outsider,
        "outsider_lead": UserFactory(
            office=None, organisation=other_organisation, role=Role.TEAM_LEAD, username="f.lead"
        ),
        "outsider_admin": UserFactory(
            office=None, organisation=other_organisation, role=Role.ADMIN, username="f.admin"
        ),
    }


# Records only the event routes (and the parents' pages) name: built only for those.
EVENT_KINDS = {
    "event",
    "registration",
    "event_contact",
    "event_route",
    "route_stop",
    "event_speed_dating",
    "award_round",
    "nomination",
    "ambassador",
    "guardian",
}


def build_records(
    office_a, organisation, counsellor_a, shared_with=None, *, events: bool = True
) -> dict[str, Any]:
    """Fresh records of office A for one route (writes of earlier routes cannot interfere)."""
    from kausa.partners.models import Topic

    person = PersonFactory(office=office_a)
    if shared_with is not None:
        person.shared_with_offices.add(shared_with)
    company = CompanyFactory(organisation=organisation)
    vacancy = VacancyFactory(company=company)
    partner = PartnerFactory(organisation=organisation)
    proposal = Proposal.objects.create(
        office=office_a, person=person, vacancy=vacancy, source="manual", created_by=counsellor_a
    )
    run = MatchingRun.objects.create(office=office_a, state="done")
    pair = MatchingRunPair.objects.create(run=run, person=person, vacancy=vacancy, score=0.5)
    today = timezone.localdate()
    case = Case.objects.create(
        office=office_a, person=person, counsellor=counsellor_a, opened_on=today
    )
    consent = consent_record(
        actor=counsellor_a,
        person=person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=today,
        language="de",
        method="written",
    )
    topic = Topic.objects.order_by("pk").first()
    referral = Referral.objects.create(
        case=case, partner=partner, topic=topic, consent=consent, shared_fields=["name"]
    )
    step = NextStep.objects.create(
        case=case, title="Anruf", due_on=today + datetime.timedelta(days=3), owner=counsellor_a
    )
    chain = published_person_chain(organisation, key=f"matrix-{person.pk}")
    chain_run = chain_run_start(actor=counsellor_a, template=chain, person=person)
    chain_step = chain.steps.order_by("pk").first()
    return {
        "person": [person.pk],
        "company": [company.pk],
        "vacancy": [vacancy.pk],
        "partner": [partner.pk],
        "proposal": [proposal.pk],
        "run": [run.pk],
        "run_pair": [run.pk, pair.pk],
        "case": [case.pk],
        "consent": [consent.pk],
        "referral": [referral.pk],
        "step": [step.pk],
        "chain": [chain.pk],
        "chain_step": [chain.pk, chain_step.pk],
        "chain_step_id": [chain_step.pk],
        "chain_run": [chain_run.pk],
        "chain_run_step": [chain_run.run_steps.order_by("pk").first().pk],
        "office": [office_a.pk],
        "staff_member": [UserFactory(office=office_a, role=Role.COUNSELLOR).pk],
        "ba_run": [
            ImportRun.objects.create(organisation=organisation, postal_code="39104", radius_km=5).pk
        ],
        **(
            build_event_records(office_a, organisation, person, company, counsellor_a)
            if events
            else {}
        ),
    }


def build_event_records(office_a, organisation, person, company, counsellor_a) -> dict[str, Any]:
    """An event of office A of each kind the routes need, with a registration, a contact, a
    route stop, an award round with a nomination, an ambassador and a parent."""
    from kausa.events.models import (
        Ambassador,
        AwardRound,
        EventContact,
        EventKind,
        Nomination,
        Registration,
        RouteStop,
    )
    from kausa.events.tests.factories import EventFactory, EventFormatFactory
    from kausa.people.models import Guardian

    def event_of(kind: str):
        event_format = EventFormatFactory(
            organisation=organisation, name=f"Format {kind}", kind=kind
        )
        return EventFactory(office=office_a, event_format=event_format)

    event = event_of(EventKind.FAIR)
    registration = Registration.objects.create(event=event, kind="young_person", person=person)
    Registration.objects.create(event=event, kind="company", company=company)
    contact = EventContact.objects.create(event=event, person=person, company=company)
    walk = event_of(EventKind.JOBWALK)
    stop = RouteStop.objects.create(
        event=walk, position=1, label="Treffpunkt", latitude=52.13, longitude=11.63
    )
    award_round = AwardRound.objects.create(
        office=office_a,
        title="Unternehmen mit Kultur",
        category="company",
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    nomination = Nomination.objects.create(
        award_round=award_round, company=company, reason="Vorbildlich"
    )
    ambassador = Ambassador.objects.create(office=office_a, person=person)
    guardian = Guardian.objects.create(
        person=person, first_name="Samira", last_name="Haddad", relation="mother", language="ar"
    )
    return {
        "event": [event.pk],
        "registration": [registration.pk],
        "event_contact": [contact.pk],
        "event_route": [walk.pk],
        "route_stop": [stop.pk],
        "event_speed_dating": [event_of(EventKind.SPEED_DATING).pk],
        "award_round": [award_round.pk],
        "nomination": [nomination.pk],
        "ambassador": [ambassador.pk],
        "guardian": [person.pk, guardian.pk],
    }


def outcome(response) -> Any:
    if response.status_code in (301, 302) and "/login/" in response.get("Location", ""):
        return LOGIN
    if response.status_code < 400:
        return OK
    return response.status_code


CHECKED = {"pairs": 0, "unauthorised_successes": 0}


READ_POST = "read_post"  # POST to a page that only reads: refused (405) or answered as GET


def methods_checked(methods: dict[str, str]) -> dict[str, str]:
    """The listed methods, and POST for a route that lists only GET: such a page refuses it
    (405) or answers exactly like GET, so no write can hide behind a POST to a page (list
    filters are POSTed)."""
    if "get" in methods and "post" not in methods:
        return {**methods, READ_POST: methods["get"]}
    return methods


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_answers_each_role_as_the_matrix_says(
    client, users, office_a, office_c, organisation, counsellor_a, route
):
    kind, methods = MATRIX[route]
    checked_here = 0
    mismatches = []
    for method, policy in methods_checked(methods).items():
        for role, expected in zip(ROLES, POLICIES[policy], strict=True):
            if method != "get" or role == ROLES[0]:  # a write cannot change later answers
                records = build_records(
                    office_a, organisation, counsellor_a, office_c, events=kind in EVENT_KINDS
                )
                records |= portal_matrix_registry.staff_records(
                    kind,
                    SimpleNamespace(
                        **records,
                        organisation=organisation,
                        office_a=office_a,
                        counsellor_a=counsellor_a,
                    ),
                )
                url = reverse(route, args=records[kind] if kind else [])
            user = users[role]
            client.logout()
            if user is not None:
                client.force_login(user)
            verb = "post" if method == READ_POST else method
            got = outcome(getattr(client, verb)(url, {"confirm": ""} if verb == "post" else {}))
            checked_here += 1
            if got == OK and expected != OK:
                CHECKED["unauthorised_successes"] += 1
            if got != expected and not (method == READ_POST and got == 405):
                mismatches.append((method, role, expected, got))
    if "get" not in methods:  # a POST-only route refuses GET to everyone
        client.force_login(counsellor_a)
        if client.get(url).status_code != 405:
            mismatches.append(("get", "owner", 405, client.get(url).status_code))
        checked_here += 1
    CHECKED["pairs"] += checked_here
    assert checked_here > 0
    assert mismatches == [], (route, mismatches)


def test_report_the_pairs_checked(capsys):
    """Runs after the matrix in this module: a selection (`-k`) that checked no pair fails
    here instead of passing silently. Prints the figure for docs/security.md."""
    with capsys.disabled():
        print(
            f"\npermission matrix: {CHECKED['pairs']} route x role x method pairs checked, "
            f"{CHECKED['unauthorised_successes']} unauthorised successes"
        )
    assert CHECKED["pairs"] > 0, "no route x role pair was checked: the selection is empty"
    assert CHECKED["unauthorised_successes"] == 0


# --- ids of another office or organisation inside a request ----------------------------


@pytest.fixture
def foreign(other_organisation, organisation, office_b, counsellor_b):
    """Records an office-A counsellor must not reach through an id in a form or a URL."""
    from kausa.partners.models import Topic

    office_2 = OfficeFactory(organisation=other_organisation, name="Fremde Stelle")
    counsellor_2 = UserFactory(office=office_2, role=Role.COUNSELLOR, username="fremd.2")
    topic = Topic.objects.order_by("pk").first()
    partner_2 = PartnerFactory(organisation=other_organisation)
    partner_2.topics.set([topic])
    person_b = PersonFactory(office=office_b)
    case_b = Case.objects.create(
        office=office_b, person=person_b, counsellor=counsellor_b, opened_on=timezone.localdate()
    )
    return {
        "office_2": office_2,
        "counsellor_2": counsellor_2,
        "partner_2": partner_2,
        "vacancy_2": VacancyFactory(company=CompanyFactory(organisation=other_organisation)),
        "chain_2": published_person_chain(other_organisation, key="fremd"),
        "person_b": person_b,
        "case_b": case_b,
        "topic": topic,
    }


def _foreign_refused_own_accepted(send, foreign_data, own_data, changed) -> None:
    """The same request with a foreign id changes nothing (a form error, 403 or 404, never
    a 500), and with an own id it works: only the id makes the difference."""
    before = changed()
    response = send(foreign_data)
    assert response.status_code in {200, 302, 403, 404}, response.status_code
    assert changed() == before, ("a foreign id changed something", foreign_data)
    response = send(own_data)
    assert response.status_code == 302, (response.status_code, own_data)
    assert changed() != before, ("the control request changed nothing", own_data)


def test_foreign_ids_in_forms_change_nothing(
    client, counsellor_a, office_a, office_b, organisation, foreign
):
    from kausa.chains.models import ChainRun
    from kausa.counselling.models import Consent
    from kausa.vacancies.models import Vacancy
    from kausa.vacancies.tests.test_vacancy_views import vacancy_data

    records = build_records(office_a, organisation, counsellor_a)
    person_pk, case_pk = records["person"][0], records["case"][0]
    own_partner = PartnerFactory(organisation=organisation)
    own_partner.topics.set([foreign["topic"]])
    colleague = UserFactory(office=office_a, role=Role.COUNSELLOR)
    client.force_login(counsellor_a)
    today = timezone.localdate().isoformat()

    def to(name, pk=None):
        return lambda data: client.post(reverse(name, args=[pk] if pk else []), data)

    referral = {"topic": foreign["topic"].pk, "shared_fields": ["name"]}
    referral["consent_override_reason"] = "Frist morgen"
    _foreign_refused_own_accepted(
        to("counselling:refer", case_pk),
        referral | {"partner": foreign["partner_2"].pk},
        referral | {"partner": own_partner.pk},
        Referral.objects.count,
    )
    consent = {"purpose": "referral", "text_version": "v1", "given_on": today}
    consent |= {"language": "de", "method": "written"}
    _foreign_refused_own_accepted(
        to("counselling:consents", person_pk),
        consent | {"partner": foreign["partner_2"].pk},
        consent | {"partner": own_partner.pk},
        Consent.objects.count,
    )
    own_vacancy = VacancyFactory(company=CompanyFactory(organisation=organisation))
    _foreign_refused_own_accepted(
        to("placements:create", person_pk),
        {"vacancy": foreign["vacancy_2"].pk},
        {"vacancy": own_vacancy.pk},
        Proposal.objects.count,
    )
    _foreign_refused_own_accepted(
        to("people:sharing", person_pk),
        {"offices": [foreign["office_2"].pk]},
        {"offices": [office_b.pk]},
        lambda: sorted(office_b.shared_people.values_list("pk", flat=True)),
    )
    step = {"title": "Anruf", "due_on": today}
    _foreign_refused_own_accepted(
        to("counselling:step_create", case_pk),
        step | {"owner": foreign["counsellor_2"].pk},
        step | {"owner": colleague.pk},
        NextStep.objects.count,
    )
    _foreign_refused_own_accepted(
        to("counselling:handover", case_pk),
        {"counsellor": foreign["counsellor_2"].pk},
        {"counsellor": colleague.pk},
        lambda: Case.objects.get(pk=case_pk).counsellor_id,
    )
    start = {"language": "de"}
    _foreign_refused_own_accepted(
        to("chains:person_start", person_pk),
        start | {"template": foreign["chain_2"].pk},
        start | {"template": records["chain"][0]},
        ChainRun.objects.count,
    )
    _foreign_refused_own_accepted(
        to("chains:person_start", person_pk),
        start | {"template": records["chain"][0], "case": foreign["case_b"].pk},
        start | {"template": records["chain"][0], "case": case_pk},
        ChainRun.objects.count,
    )
    _foreign_refused_own_accepted(
        to("vacancies:create"),
        vacancy_data(foreign["vacancy_2"].company),
        vacancy_data(own_vacancy.company),
        Vacancy.objects.count,
    )


def test_a_run_pair_of_another_run_or_office_is_not_found(
    client, counsellor_a, counsellor_b, office_a, office_b, organisation
):
    own = build_records(office_a, organisation, counsellor_a)
    other = build_records(office_b, organisation, counsellor_b)
    client.force_login(counsellor_a)
    mixed = reverse("placements:run_accept", args=[own["run"][0], other["run_pair"][1]])
    assert client.post(mixed).status_code == 404
    assert client.post(reverse("placements:run_accept", args=other["run_pair"])).status_code == 404
    assert not Proposal.objects.filter(person_id=other["person"][0], source="matching_run")


def test_the_weights_page_takes_no_office_of_another_organisation(
    client, team_lead, office_a, office_b, users, foreign
):
    from kausa.placements.models import MatchingWeights

    url = reverse("placements:weights")
    client.force_login(team_lead)
    assert client.get(url, {"office": office_b.pk}).status_code == 200  # own organisation
    foreign_office = {"office": foreign["office_2"].pk}
    assert client.get(url, foreign_office).status_code == 404
    data = {"occupation_fit": "9", "commute": "1", "german_level": "1", "school_certificate": "1"}
    data |= {"start_date": "1", "driving_licence": "1", "shared_language": "1", "cap_multiple": "2"}
    posted = client.post(f"{url}?office={foreign['office_2'].pk}", data)
    assert posted.status_code == 404
    assert not MatchingWeights.objects.filter(office=foreign["office_2"]).exists()

    client.force_login(users["outsider_lead"])
    assert client.get(url, {"office": office_a.pk}).status_code == 404
    assert client.post(f"{url}?office={office_a.pk}", data).status_code == 404
    assert not MatchingWeights.objects.filter(office=office_a).exists()


def test_a_district_partner_of_another_organisation_is_refused(
    client, team_lead, organisation, foreign
):
    from kausa.chains.models import ChainTemplate, DistrictPartner

    chain = published_person_chain(organisation, key="bezirk")
    ChainTemplate.objects.filter(pk=chain.pk).update(status="draft")
    own_partner = PartnerFactory(organisation=organisation, partner_type="foreigners_office")
    client.force_login(team_lead)
    _foreign_refused_own_accepted(
        lambda data: client.post(reverse("chains:district_partners", args=[chain.pk]), data),
        {"p-15003-foreigners_office": foreign["partner_2"].pk},
        {"p-15003-foreigners_office": own_partner.pk},
        lambda: list(DistrictPartner.objects.values_list("partner_id", flat=True)),
    )


# --- list contents: no row of another office or organisation ---------------------------

OFFICE_B, ORG_TWO, ORG_ONE = "zzofficeb", "zzorgtwo", "zzorgone"  # markers in names


def _seed_office(office, counsellor, marker, organisation, occupation, shared=None):
    """A person with a case, a due step, a proposal, a matching run and a process chain,
    all named with `marker`, plus the organisation's own company, place and partner."""
    from kausa.core.audit import audit_log
    from kausa.people import audit_actions
    from kausa.people.models import DesiredOccupation
    from kausa.placements.tests.test_matching_run import MAGDEBURG

    today = timezone.localdate()
    person = PersonFactory(
        office=office, first_name=f"{marker}Amal", last_name=f"{marker}-Wanderer", **MAGDEBURG
    )
    DesiredOccupation.objects.create(person=person, occupation=occupation, rank=1)
    case = Case.objects.create(office=office, person=person, counsellor=counsellor, opened_on=today)
    NextStep.objects.create(
        case=case, title=f"{marker} Anruf", due_on=today - datetime.timedelta(1), owner=counsellor
    )
    # the start page's sessions, silent cases and consents (named by the person's marker)
    CounsellingSession.objects.create(
        case=case, held_on=today, duration_minutes=30, channel="phone"
    )
    silent = PersonFactory(office=office, first_name=f"{marker}Still", last_name=marker)
    Case.objects.create(
        office=office,
        person=silent,
        counsellor=counsellor,
        opened_on=today - datetime.timedelta(99),
    )
    Consent.objects.create(
        person=silent,
        purpose="counselling",
        text_version="v1",
        given_on=today - datetime.timedelta(800),
        method="written",
    )
    company = shared or CompanyFactory(organisation=organisation, name=f"{marker} Bau GmbH")
    vacancy = VacancyFactory(
        company=company, occupation=occupation, description=f"{marker} Stelle", **MAGDEBURG
    )
    Proposal.objects.create(
        office=office, person=person, vacancy=vacancy, source="manual", created_by=counsellor
    )
    run = MatchingRun.objects.create(office=office, state="done", started_by=counsellor)
    MatchingRunPair.objects.create(run=run, person=person, vacancy=vacancy, score=0.9)
    Case.objects.create(office=office, company=company, counsellor=counsellor, opened_on=today)
    # templates are shared by the organisation: named after it, not after the office
    org_marker = ORG_TWO if marker == ORG_TWO else ORG_ONE
    chain = published_person_chain(organisation, key=f"kette-{org_marker}-{office.pk}")
    chain_run_start(
        actor=counsellor,
        template=chain,
        person=person,
        started_on=today.replace(year=today.year - 1),
    )
    audit_log(actor=counsellor, action=audit_actions.UPDATED, obj=person, office=office)
    _seed_events(office, person, company, marker)
    return person, company, vacancy


def _seed_events(office, person, company, marker) -> None:
    """An event of the office with the person and company registered, an award round and an
    ambassador, all named with `marker` (lists, calendar, registration search)."""
    from kausa.events.models import Ambassador, AwardRound, Registration
    from kausa.events.tests.factories import EventFactory, EventFormatFactory

    event_format = EventFormatFactory(organisation=office.organisation, name=f"{marker} Format")
    event = EventFactory(office=office, event_format=event_format, title=f"{marker} Forum")
    Registration.objects.create(event=event, kind="young_person", person=person)
    Registration.objects.create(event=event, kind="company", company=company)
    AwardRound.objects.create(
        office=office,
        title=f"{marker} Preis",
        category="company",
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    Ambassador.objects.create(office=office, person=person, profile=f"{marker} Profil")


@pytest.fixture
def seeded(
    organisation, office_a, office_b, counsellor_a, counsellor_b, other_organisation, topic_any
):
    """Office A's own records (ORG_ONE), office B's (OFFICE_B) and organisation 2's (ORG_TWO)."""
    from kausa.core.models import Occupation

    occupation = Occupation.objects.order_by("pk").first()
    for user, marker in ((counsellor_a, ORG_ONE), (counsellor_b, OFFICE_B)):
        user.last_name = marker  # shown with every audit entry and case they made
        user.username = f"{marker}.{user.username}"
        user.save(update_fields=["last_name", "username"])
    own = _seed_office(office_a, counsellor_a, ORG_ONE, organisation, occupation)
    # office B works with office A's company: the company is shared, B's records are not
    _seed_office(office_b, counsellor_b, OFFICE_B, organisation, occupation, shared=own[1])
    # steps and a chain that office A's counsellor looked after while working in office B
    # (a user who changed offices): they stay with office B
    case_b = Case.objects.get(person__last_name=f"{OFFICE_B}-Wanderer")
    NextStep.objects.create(
        case=case_b, title=f"{OFFICE_B} Nachfrage", due_on=case_b.opened_on, owner=counsellor_a
    )
    chain_b = published_person_chain(organisation, key=f"kette-{ORG_ONE}-alt")
    last_year = case_b.opened_on.replace(year=case_b.opened_on.year - 1)
    chain_run_start(
        actor=counsellor_b, template=chain_b, person=case_b.person, started_on=last_year
    )
    from kausa.chains.models import ChainRun

    ChainRun.objects.filter(template=chain_b).update(counsellor=counsellor_a)
    office_2 = OfficeFactory(organisation=other_organisation, name=f"{ORG_TWO} Stelle")
    counsellor_2 = UserFactory(
        office=office_2, role=Role.COUNSELLOR, username=f"{ORG_TWO}.liste", last_name=ORG_TWO
    )
    foreign = _seed_office(office_2, counsellor_2, ORG_TWO, other_organisation, occupation)
    for organisation_, marker in ((organisation, ORG_ONE), (other_organisation, ORG_TWO)):
        partner = PartnerFactory(organisation=organisation_, name=f"{marker} Beratung")
        partner.topics.set([topic_any])
    return {
        "person": own[0],
        "company": own[1],
        "vacancy": own[2],
        "foreign": foreign,
        "office_2": office_2.pk,
        "counsellor_2": counsellor_2.pk,
    }


@pytest.fixture
def topic_any():
    from kausa.partners.models import Topic

    return Topic.objects.order_by("pk").first()


def _pages(seeded, topic) -> list[tuple[str, str, list[int], dict[str, Any]]]:
    """(method, route, args, data) of every list, search, panel and task page."""
    person, company, vacancy = seeded["person"].pk, seeded["company"].pk, seeded["vacancy"].pk
    case = seeded["person"].cases.get().pk
    lists = [
        ("get", "workbench:dashboard", [], {}),
        ("get", "workbench:tasks", [], {}),
        ("get", "core:offices", [], {}),
        ("get", "core:audit", [], {}),
        # ids of organisation 2 in the filters are ignored, never followed
        ("get", "core:audit", [], {"office": seeded["office_2"], "actor": seeded["counsellor_2"]}),
        ("post", "people:list", [], {"office": seeded["office_2"]}),
        ("get", "people:list", [], {}),
        ("post", "people:list", [], {"q": "Wanderer"}),
        ("post", "people:list", [], {"q": "Amal", "include_archived": "on"}),
        ("get", "companies:list", [], {}),
        ("post", "companies:list", [], {"q": "Bau"}),
        ("get", "vacancies:list", [], {}),
        ("get", "partners:list", [], {}),
        ("post", "partners:list", [], {"q": "Beratung"}),
        ("get", "partners:topics", [], {}),
        ("get", "placements:list", [], {}),
        ("get", "placements:runs", [], {}),
        ("get", "placements:weights", [], {}),
        ("get", "counselling:list", [], {}),
        ("get", "counselling:list", [], {"show": "closed"}),
        ("get", "counselling:list", [], {"show": "mine"}),
        ("get", "chains:templates", [], {}),
        ("get", "chains:review", [], {}),
        ("get", "events:list", [], {"period": "all"}),
        ("get", "events:calendar", [], {}),
        ("get", "events:award_rounds", [], {}),
        ("get", "events:ambassadors", [], {}),
    ]
    event = seeded["person"].registrations.get().event_id
    panels = [
        # the registration search of an own event finds no person of another office
        ("post", "events:register", [event], {"q": "Wanderer"}),
        ("post", "events:check_in", [event], {"q": "Wanderer"}),
        ("get", "events:detail", [event], {}),
        ("get", "people:detail", [person], {}),
        ("get", "placements:person", [person], {}),
        ("get", "counselling:person_panel", [person], {}),
        ("get", "chains:person_panel", [person], {}),
        ("get", "chains:person_start", [person], {}),
        ("get", "counselling:consents", [person], {}),
        ("get", "counselling:case", [case], {}),
        ("get", "counselling:refer", [case], {"topic": topic.pk, "everywhere": "on"}),
        ("get", "companies:detail", [company], {}),
        ("get", "counselling:company_panel", [company], {}),
        ("get", "chains:company_panel", [company], {}),
        ("get", "vacancies:detail", [vacancy], {}),
        ("get", "placements:vacancy", [vacancy], {}),
    ]
    return lists + panels


# who looks, and the markers they must never see
VIEWERS = {
    "owner": (OFFICE_B, ORG_TWO),
    "reader": (OFFICE_B, ORG_TWO),
    "team_lead": (ORG_TWO,),
    "outsider_lead": (ORG_ONE, OFFICE_B),
}


def test_no_list_search_panel_or_task_page_shows_another_office_or_organisation(
    client, users, seeded, topic_any
):
    shown = []
    checked = 0
    for viewer, hidden in VIEWERS.items():
        client.force_login(users[viewer])
        for method, route, args, data in _pages(seeded, topic_any):
            if viewer == "outsider_lead" and args:
                continue  # organisation 1's objects are 404 for them (the matrix above)
            response = getattr(client, method)(reverse(route, args=args), data)
            if response.status_code in {403, 405}:
                continue  # a page this role does not get (the matrix pins which)
            assert response.status_code == 200, (viewer, route, response.status_code)
            text = response.content.decode().lower()
            shown += [(viewer, route, data, marker) for marker in hidden if marker in text]
            checked += 1
    assert checked > 60
    assert shown == []


def test_the_own_rows_are_listed_so_the_check_above_can_see(client, users, seeded, topic_any):
    """The pages do show the viewer's own rows: an empty page would pass the check above."""
    client.force_login(users["owner"])
    for route, data in (
        ("people:list", {}),
        ("counselling:list", {}),
        ("placements:list", {}),
        ("placements:runs", {}),
        ("workbench:tasks", {}),
        ("workbench:dashboard", {}),
        ("companies:list", {}),
        ("partners:list", {}),
        ("chains:templates", {}),
        ("events:list", {"period": "all"}),
        ("events:award_rounds", {}),
        ("events:ambassadors", {}),
    ):
        text = client.get(reverse(route), data).content.decode().lower()
        assert ORG_ONE in text or route == "placements:runs", route
    suggestions = client.get(reverse("placements:person", args=[seeded["person"].pk]))
    assert ORG_ONE in suggestions.content.decode().lower()  # its own place is suggested
    client.force_login(users["team_lead"])
    assert OFFICE_B in client.get(reverse("people:list")).content.decode().lower()
    audit = client.get(reverse("core:audit")).content.decode().lower()
    assert ORG_ONE in audit and OFFICE_B in audit  # the actors of the organisation's entries
    client.force_login(users["outsider_lead"])
    assert ORG_TWO in client.get(reverse("core:audit")).content.decode().lower()


def test_dashboard_counters_count_only_what_the_user_may_see(client, users, seeded):
    from kausa.companies.models import Company
    from kausa.people.models import Person

    client.force_login(users["owner"])
    counts = client.get(reverse("workbench:dashboard")).context["counts"]
    office_a = users["owner"].office
    assert counts["people"] == Person.objects.filter(office=office_a).count()
    organisation_id = office_a.organisation_id
    assert counts["companies"] == Company.objects.filter(organisation_id=organisation_id).count()
    client.force_login(users["outsider_lead"])
    counts = client.get(reverse("workbench:dashboard")).context["counts"]
    other = users["outsider_lead"].organisation_id
    assert counts["people"] == Person.objects.filter(office__organisation_id=other).count()
    assert counts["companies"] == Company.objects.filter(organisation_id=other).count()
