"""The permission matrix: every staff URL × every role × its methods, as data.

The records belong to office A of the organisation; the roles are an anonymous visitor, the
owning counsellor (office A), a read-only colleague of office A, a counsellor of office B, a
team lead and a counsellor of another organisation. Each route names a policy: the expected
outcome per role. A route missing here fails the test, so new routes cannot slip through.
Outcomes: "ok" (allowed: a page, a form with errors or a redirect that is not the login),
"login" (redirect to the login), 403, 404, 405.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kausa.chains.services import run_start
from kausa.chains.tests.conftest import STEPS
from kausa.core.tests.factories import CompanyFactory, PartnerFactory, PersonFactory, VacancyFactory
from kausa.counselling.consents import consent_record
from kausa.counselling.models import Case, NextStep, Referral
from kausa.placements.models import MatchingRun, MatchingRunPair, Proposal

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "reader", "other_office", "team_lead", "outsider")
OK, LOGIN = "ok", "login"
POLICIES = {
    # records of one office (people and everything about them)
    "office_read": (LOGIN, OK, OK, 404, OK, 404),
    "office_write": (LOGIN, OK, 403, 404, 403, 404),
    "office_staff_read": (LOGIN, OK, OK, 404, 403, 404),  # only staff of the owning office
    "office_writer_read": (LOGIN, OK, 403, 404, 403, 404),  # shared data for writers only
    # records shared by the organisation (companies, places, partners, chain templates)
    "org_read": (LOGIN, OK, OK, OK, OK, 404),
    "org_write": (LOGIN, OK, 403, OK, OK, 404),
    "org_office_write": (LOGIN, OK, 403, OK, 403, 404),  # needs an office (opening a case)
    # the role is checked before the record: other roles learn nothing about it
    "org_lead_write": (LOGIN, 403, 403, 403, OK, 403),
    # lists and forms without an object
    "list": (LOGIN, OK, OK, OK, OK, OK),
    "create": (LOGIN, OK, 403, OK, 403, OK),
    "create_org": (LOGIN, OK, 403, OK, OK, OK),
    "lead_only": (LOGIN, 403, 403, 403, OK, 403),
    "public": (OK, OK, OK, OK, OK, OK),
}

# route -> (object its pk names or None, {method: policy})
MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "core:dashboard": (None, {"get": "list"}),
    "core:offices": (None, {"get": "list"}),
    "core:districts": (None, {"get": "list"}),
    "core:audit": (None, {"get": "lead_only"}),
    "people:list": (None, {"get": "list"}),
    "people:create": (None, {"get": "create", "post": "create"}),
    "people:detail": ("person", {"get": "office_read"}),
    "people:edit": ("person", {"get": "office_write", "post": "office_write"}),
    "people:sensitive": ("person", {"get": "office_write", "post": "office_write"}),
    "people:sharing": ("person", {"get": "office_write", "post": "office_write"}),
    "people:archive": ("person", {"post": "office_write"}),
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
    "placements:list": (None, {"get": "list"}),
    "placements:person": ("person", {"get": "office_read"}),
    "placements:create": ("person", {"post": "office_write"}),
    "placements:vacancy": ("vacancy", {"get": "org_read"}),
    "placements:proposal": ("proposal", {"get": "office_read", "post": "office_write"}),
    "placements:weights": (None, {"get": "create_org", "post": "create_org"}),
    "placements:runs": (None, {"get": "list", "post": "create"}),
    "placements:run": ("run", {"get": "office_read"}),
    "placements:run_accept": ("run_pair", {"post": "office_write"}),
    "counselling:list": (None, {"get": "list"}),
    "counselling:tasks": (None, {"get": "list"}),
    "counselling:topics": (None, {"get": "list", "post": "lead_only"}),
    "counselling:person_open": ("person", {"get": "office_write", "post": "office_write"}),
    "counselling:person_panel": ("person", {"get": "office_read"}),
    "counselling:consents": ("person", {"get": "office_staff_read", "post": "office_write"}),
    "counselling:data_rights": ("person", {"get": "office_staff_read"}),
    "counselling:export_json": ("person", {"get": "office_staff_read"}),
    "counselling:export_document": ("person", {"get": "office_staff_read"}),
    "counselling:erase": ("person", {"post": "office_write"}),
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
    "counselling:referral": ("referral", {"get": "office_read"}),
    "counselling:referral_status": ("referral", {"post": "office_write"}),
    "counselling:referral_email": ("referral", {"post": "office_write"}),
    "counselling:referral_handout": ("referral", {"get": "office_writer_read"}),
    "counselling:consent_withdraw": ("consent", {"post": "office_write"}),
    "chains:templates": (None, {"get": "list"}),
    "chains:template": ("chain", {"get": "org_read"}),
    "chains:template_edit": ("chain", {"get": "org_lead_write"}),
    "chains:new_version": ("chain", {"post": "org_lead_write"}),
    "chains:publish": ("chain", {"post": "org_lead_write"}),
    "chains:step_add": ("chain", {"get": "org_lead_write"}),
    "chains:step_edit": ("chain_step", {"get": "org_lead_write"}),
    "chains:district_partners": ("chain", {"get": "org_lead_write"}),
    "chains:step_action": ("chain_step_id", {"post": "org_lead_write"}),
    "chains:person_panel": ("person", {"get": "office_read"}),
    "chains:person_start": ("person", {"get": "office_write", "post": "office_write"}),
    "chains:company_panel": ("company", {"get": "org_read"}),
    "chains:company_start": ("company", {"get": "org_office_write"}),
    "chains:run": ("chain_run", {"get": "office_read"}),
    "chains:handout": ("chain_run", {"get": "office_staff_read"}),
    "chains:run_step": ("chain_run_step", {"post": "office_write"}),
}
# Public and account routes: login, logout, language, health, own account pages.
PUBLIC = {"login", "logout", "set_language", "healthz"}
OWN_ACCOUNT_APP = "accounts"  # pages about the signed-in user's own account, tested there


def pattern_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name in ("admin", OWN_ACCOUNT_APP):
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


@pytest.fixture
def users(counsellor_a, reader_a, counsellor_b, team_lead, outsider):
    return {
        "anonymous": None,
        "owner": counsellor_a,
        "reader": reader_a,
        "other_office": counsellor_b,
        "team_lead": team_lead,
        "outsider": outsider,
    }


def build_records(office_a, organisation, counsellor_a):
    """Fresh records of office A for one route (writes of earlier routes cannot interfere)."""
    from kausa.chains.models import ChainStep, ChainTemplate
    from kausa.chains.services import _seed_step
    from kausa.partners.models import Topic

    person = PersonFactory(office=office_a)
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
    chain = ChainTemplate.objects.create(
        organisation=organisation,
        key="matrix",
        audience="person",
        status="published",
        valid_from=today,
        texts={"de": {"title": "Kette"}},
    )
    ChainStep.objects.bulk_create([_seed_step(chain, i, s) for i, s in enumerate(STEPS, 1)])
    chain_run = run_start(actor=counsellor_a, template=chain, person=person)
    chain_step = chain.steps.first()
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
        "chain_run_step": [chain_run.run_steps.first().pk],
    }


def outcome(response) -> str:
    if response.status_code in (301, 302) and "/login/" in response.get("Location", ""):
        return LOGIN
    if response.status_code < 400:
        return OK
    return response.status_code


CHECKED = {"pairs": 0, "unauthorised_successes": 0}


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_answers_each_role_as_the_matrix_says(
    client, users, office_a, organisation, counsellor_a, route
):
    kind, methods = MATRIX[route]
    records = build_records(office_a, organisation, counsellor_a)
    url = reverse(route, args=records[kind] if kind else [])
    mismatches = []
    for method, policy in methods.items():
        for role, expected in zip(ROLES, POLICIES[policy], strict=True):
            user = users[role]
            client.logout()
            if user is not None:
                client.force_login(user)
            got = outcome(getattr(client, method)(url, {"confirm": ""} if method == "post" else {}))
            CHECKED["pairs"] += 1
            if got == OK and expected != OK:
                CHECKED["unauthorised_successes"] += 1
            if got != expected:
                mismatches.append((method, role, expected, got))
        if "get" not in methods:  # a POST-only route refuses GET to everyone
            client.force_login(counsellor_a)
            assert client.get(url).status_code == 405, route
    assert mismatches == [], (route, mismatches)


def test_report_the_pairs_checked(capsys):
    """Runs last in this module: prints the figure for docs/security.md."""
    with capsys.disabled():
        print(
            f"\npermission matrix: {CHECKED['pairs']} route x role x method pairs checked, "
            f"{CHECKED['unauthorised_successes']} unauthorised successes"
        )
    assert CHECKED["unauthorised_successes"] == 0
