"""The API's permission matrix and a schemathesis run over the whole schema.

The matrix: every operation of the OpenAPI schema × every token role → the expected status.
An operation missing here fails (the schema is walked, so a new endpoint needs an entry), and
a selection that checked nothing fails too. The roles: no token, the owning counsellor's write
token, the same counsellor's read token, a write token of a read-only colleague in the same
office (made before the role changed: the role still decides), a write token of a counsellor
of another office, the team lead's write token and a write token of a counsellor of another
organisation. Records belong to office A; each write gets fresh records so one role's change
cannot decide the next role's answer.

schemathesis then generates requests for every operation (valid and invalid data, seeded)
with the owning counsellor's write token against the WSGI application: no answer may be a
server error, use an undocumented status or content type, or break its documented body.
"""

from __future__ import annotations

import copy
import datetime
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kausa.api.api import api
from kausa.api.models import TokenScope
from kausa.api.tests.test_api_basics import make_token
from kausa.chains.services.runs import chain_run_start
from kausa.core.models import Occupation
from kausa.core.tests.factories import (
    CompanyFactory,
    PartnerFactory,
    PersonFactory,
    VacancyFactory,
    published_person_chain,
)
from kausa.counselling.services.cases import case_close, case_open_for_person
from kausa.counselling.services.consents import consent_record
from kausa.counselling.services.referrals import referral_create
from kausa.events.models import EventConsentText, ParticipantKind
from kausa.events.services.registrations import Participant, registration_create
from kausa.events.tests.factories import EventFactory
from kausa.partners.models import Topic
from kausa.placements.models import Proposal

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "owner", "owner_read", "reader", "other_office", "team_lead", "outsider")
OK = "ok"  # any 2xx
# fmt: off
POLICIES: dict[str, tuple[Any, ...]] = {
    #                  anon owner read reader other lead out
    "list":           (401, OK,  OK,  OK,   OK,   OK,  OK),
    # records one office owns (people, cases, referrals, proposals, chain runs)
    "office_read":    (401, OK,  OK,  OK,   404,  OK,  404),
    "office_write":   (401, OK,  403, 403,  404,  403, 404),
    # records the offices of an organisation share (companies, places, partners)
    "org_read":       (401, OK,  OK,  OK,   OK,   OK,  404),
    "org_write":      (401, OK,  403, 403,  OK,   OK,  404),
    # creating in one's own office (people): team leads have none
    "office_create":  (401, OK,  403, 403,  OK,   403, OK),
    # creating a shared record in one's own organisation
    "org_create":     (401, OK,  403, 403,  OK,   OK,  OK),
    # a place names its company: another organisation's company is a field error
    "org_create_ref": (401, OK,  403, 403,  OK,   OK,  422),
}
# fmt: on

Body = Callable[[dict[str, Any]], dict[str, Any]] | None


def _person_body(r: dict[str, Any]) -> dict[str, Any]:
    return {"first_name": "Amira", "last_name": "Haddad", "postal_code": "39104"}


def _company_body(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": "Bäckerei Test",
        "postal_code": "39104",
        "size": "micro",
        "sector": "C",
        "competent_body": "HWK",
    }


def _place_body(r: dict[str, Any]) -> dict[str, Any]:
    start = timezone.localdate() + datetime.timedelta(days=90)
    return {
        "occupation_id": r["occupation"],
        "seats": 1,
        "start_date": start.isoformat(),
        "company_id": r["company"],
    }


def _partner_body(r: dict[str, Any]) -> dict[str, Any]:
    return {"name": "Jobcenter Test", "partner_type": "jobcenter", "district_keys": ["15003"]}


# "METHOD /path" of the schema -> (policy, the request body from the records, or None)
MATRIX: dict[str, tuple[str, Body]] = {
    "GET /people/": ("list", None),
    "POST /people/": ("office_create", _person_body),
    "GET /people/{person_id}": ("office_read", None),
    "PATCH /people/{person_id}": ("office_write", lambda r: {"place": "Magdeburg"}),
    "POST /people/{person_id}/archive": ("office_write", None),
    "POST /people/{person_id}/restore": ("office_write", None),
    "GET /companies/": ("list", None),
    "POST /companies/": ("org_create", _company_body),
    "GET /companies/{company_id}": ("org_read", None),
    "PATCH /companies/{company_id}": ("org_write", lambda r: {"place": "Magdeburg"}),
    "POST /companies/{company_id}/archive": ("org_write", None),
    "POST /companies/{company_id}/restore": ("org_write", None),
    "GET /places/": ("list", None),
    "POST /places/": ("org_create_ref", _place_body),
    "GET /places/{place_id}": ("org_read", None),
    "PATCH /places/{place_id}": ("org_write", lambda r: {"seats": 3}),
    "POST /places/{place_id}/archive": ("org_write", None),
    "POST /places/{place_id}/restore": ("org_write", None),
    "GET /partners/": ("list", None),
    "POST /partners/": ("org_create", _partner_body),
    "GET /partners/{partner_id}": ("org_read", None),
    "PATCH /partners/{partner_id}": ("org_write", lambda r: {"place": "Magdeburg"}),
    "POST /partners/{partner_id}/archive": ("org_write", None),
    "POST /partners/{partner_id}/restore": ("org_write", None),
    "GET /cases/": ("list", None),
    "POST /cases/": ("office_write", lambda r: {"person_id": r["free_person"]}),
    "GET /cases/{case_id}": ("office_read", None),
    "POST /cases/{case_id}/stage": ("office_write", lambda r: {"stage": "applying"}),
    "POST /cases/{case_id}/close": ("office_write", lambda r: {"end_reason": "goal_reached"}),
    "POST /cases/{case_id}/reopen": ("office_write", None),
    "GET /referrals/": ("list", None),
    "POST /referrals/": (
        "office_write",
        lambda r: {
            "case_id": r["case"],
            "partner_id": r["partner"],
            "topic_id": r["topic"],
            "shared_fields": ["name", "contact"],
        },
    ),
    "GET /referrals/{referral_id}": ("office_read", None),
    "POST /referrals/{referral_id}/status": ("office_write", lambda r: {"status": "accepted"}),
    "GET /proposals/": ("list", None),
    "POST /proposals/": (
        "office_write",
        lambda r: {"person_id": r["person"], "vacancy_id": r["free_place"]},
    ),
    "GET /proposals/{proposal_id}": ("office_read", None),
    "POST /proposals/{proposal_id}/status": (
        "office_write",
        lambda r: {"status": "application_sent"},
    ),
    "GET /chain-runs/": ("list", None),
    "POST /chain-runs/": (
        "office_write",
        lambda r: {"template_id": r["chain"], "person_id": r["person"]},
    ),
    "GET /chain-runs/{run_id}": ("office_read", None),
    "POST /chain-runs/{run_id}/steps/{step_id}": ("office_write", lambda r: {"status": "done"}),
    "GET /events/": ("list", None),
    "GET /events/{event_id}": ("office_read", None),
    "GET /events/{event_id}/registrations": ("office_read", None),
    "POST /events/{event_id}/registrations": (
        "office_write",
        lambda r: {"kind": "young_person", "person_id": r["free_person"], "consent": True},
    ),
    "POST /events/registrations/{registration_id}/cancel": ("office_write", None),
    "POST /events/registrations/{registration_id}/check-in": (
        "office_write",
        lambda r: {"present": True},
    ),
}
# Which record a path parameter names; a route needing the archived or the closed one says so.
PARAMETER_RECORDS = {
    "person_id": "person",
    "company_id": "company",
    "place_id": "place",
    "partner_id": "partner",
    "case_id": "case",
    "referral_id": "referral",
    "proposal_id": "proposal",
    "run_id": "chain_run",
    "step_id": "chain_run_step",
    "event_id": "event",
    "registration_id": "registration",
}
ARCHIVED_FOR_RESTORE = {"person", "company", "place", "partner"}
PREFIX = "/api/v1"


def schema_operations() -> set[str]:
    paths = api.get_openapi_schema()["paths"]
    return {
        f"{method.upper()} {path.removeprefix(PREFIX)}"
        for path, methods in paths.items()
        for method in methods
    }


def test_every_api_operation_is_in_the_matrix():
    assert schema_operations() == set(MATRIX)
    assert {policy for policy, _body in MATRIX.values()} <= set(POLICIES)
    assert all(len(outcomes) == len(ROLES) for outcomes in POLICIES.values())


@pytest.fixture
def tokens(counsellor_a, reader_a, counsellor_b, team_lead, outsider):
    write = TokenScope.WRITE
    return {
        "anonymous": {},
        "owner": make_token(counsellor_a, scope=write),
        "owner_read": make_token(counsellor_a, scope=TokenScope.READ),
        "reader": make_token(reader_a, scope=write),
        "other_office": make_token(counsellor_b, scope=write),
        "team_lead": make_token(team_lead, scope=write),
        "outsider": make_token(outsider, scope=write),
    }


def build_records(office_a, organisation, counsellor_a, *, archived: bool = False):
    """Fresh records of office A (and its organisation), through the services."""
    today = timezone.localdate()
    person = PersonFactory(office=office_a)
    company = CompanyFactory(organisation=organisation)
    place = VacancyFactory(company=company)
    partner = PartnerFactory(organisation=organisation)
    topic = Topic.objects.order_by("pk").first()
    case = case_open_for_person(actor=counsellor_a, person=person, opened_on=today)
    consent_record(
        actor=counsellor_a,
        person=person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=today,
        language="de",
        method="written",
    )
    referral = referral_create(
        actor=counsellor_a, case=case, partner=partner, topic=topic, shared_fields=["name"]
    )
    proposal = Proposal.objects.create(
        office=office_a, person=person, vacancy=place, source="manual", created_by=counsellor_a
    )
    chain = published_person_chain(organisation, key=f"api-matrix-{person.pk}")
    run = chain_run_start(actor=counsellor_a, template=chain, person=person)
    EventConsentText.objects.get_or_create(
        organisation=organisation, language="de", version=1, defaults={"text": "Ich willige ein."}
    )
    event = EventFactory(office=office_a)
    registration = registration_create(
        actor=counsellor_a,
        event=event,
        who=Participant(kind=ParticipantKind.YOUNG_PERSON, person=person),
        consent=True,
    )
    if archived:
        # The restore routes act on archived records; a closed case is reopened.
        for record in (person, company, place, partner):
            type(record).objects.filter(pk=record.pk).update(archived_at=timezone.now())
        case_close(actor=counsellor_a, case=case, end_reason="goal_reached")
    return {
        "person": person.pk,
        "free_person": PersonFactory(office=office_a).pk,
        "company": company.pk,
        "place": place.pk,
        "free_place": VacancyFactory(company=company).pk,
        "partner": partner.pk,
        "topic": topic.pk,
        "occupation": Occupation.objects.order_by("pk").first().pk,
        "case": case.pk,
        "referral": referral.pk,
        "proposal": proposal.pk,
        "chain": chain.pk,
        "chain_run": run.pk,
        "chain_run_step": run.run_steps.order_by("pk").first().pk,
        "event": event.pk,
        "registration": registration.pk,
    }


def operation_path(template: str, records: dict[str, Any]) -> str:
    def fill(match: re.Match[str]) -> str:
        return str(records[PARAMETER_RECORDS[match.group(1)]])

    return PREFIX + re.sub(r"\{(\w+)\}", fill, template)


def outcome(status: int) -> Any:
    return OK if 200 <= status < 300 else status


CHECKED = {"pairs": 0, "unauthorised_successes": 0}


@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_operation_answers_each_role_as_the_matrix_says(
    client, tokens, office_a, organisation, counsellor_a, operation
):
    policy, body = MATRIX[operation]
    method, template = operation.split(" ", 1)
    archived = template.endswith(("/restore", "/reopen"))
    mismatches = []
    records = build_records(office_a, organisation, counsellor_a, archived=archived)
    for role, expected in zip(ROLES, POLICIES[policy], strict=True):
        if method != "GET":  # fresh records: an earlier role's write cannot decide this answer
            records = build_records(office_a, organisation, counsellor_a, archived=archived)
        path = operation_path(template, records)
        data = body(records) if body else {}
        call = getattr(client, method.lower())
        if method == "GET":
            response = call(path, **tokens[role])
        else:
            response = call(path, data, content_type="application/json", **tokens[role])
        got = outcome(response.status_code)
        CHECKED["pairs"] += 1
        if got == OK and expected != OK:
            CHECKED["unauthorised_successes"] += 1
        if got != expected:
            mismatches.append((role, expected, got, response.content[:200]))
    assert mismatches == [], (operation, mismatches)


def test_report_the_api_pairs_checked(capsys):
    """Runs after the matrix: a selection that checked nothing fails instead of passing."""
    with capsys.disabled():
        print(
            f"\nAPI permission matrix: {CHECKED['pairs']} operation x role pairs checked, "
            f"{CHECKED['unauthorised_successes']} unauthorised successes"
        )
    assert CHECKED["pairs"] > 0, "no operation x role pair was checked: the selection is empty"
    assert CHECKED["unauthorised_successes"] == 0


# --- schemathesis over the whole schema ---------------------------------------------------

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 8  # per operation and strategy; the run is seeded (derandomize)


def strategies(operation: Any, records: dict[str, Any]) -> list[Any]:
    """Valid data with random ids, valid data with the ids of real records (so detail and
    write endpoints answer 200), the matrix's valid body (so creations answer 201), and data
    that breaks the schema (negative)."""
    found = [operation.as_strategy()]
    names = re.findall(r"\{(\w+)\}", operation.path)
    real = {name: records[PARAMETER_RECORDS[name]] for name in names}
    if names:
        found.append(operation.as_strategy(path_parameters=real))
    key = f"{operation.method.upper()} {operation.path.removeprefix(PREFIX)}"
    _policy, body = MATRIX.get(key, ("", None))
    if body is not None:  # the matrix's valid body: creations answer 201 too
        found.append(operation.as_strategy(path_parameters=real or None, body=body(records)))
    found.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return found


@contextmanager
def connections_kept_open() -> Iterator[None]:
    """What Django's test client does around each request: the WSGI handler must not close the
    database connection when a request finishes, since the test's transaction lives on it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def run_schemathesis(
    schema_dict: dict[str, Any], records: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    with connections_kept_open():
        return _run_schemathesis(schema_dict, records, headers)


def _run_schemathesis(
    schema_dict: dict[str, Any], records: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    schema = schemathesis.openapi.from_dict(schema_dict)
    schema.app = WSGIHandler()
    operations = [result.ok() for result in schema.get_all_operations()]
    calls: dict[str, Any] = {"operations": len(operations), "requests": 0, "statuses": Counter()}
    for operation in operations:
        for strategy in strategies(operation, records):

            @hypothesis.settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
            )
            @hypothesis.given(case=strategy)
            def run(case: Any) -> None:
                response = case.call(headers=headers)
                calls["requests"] += 1
                calls["statuses"][response.status_code] += 1
                case.validate_response(response, checks=CHECKS)

            run()
    return calls


@pytest.fixture
def owner_setup(settings, office_a, organisation, counsellor_a):
    settings.API_RATE_LIMIT_PER_MINUTE = 1_000_000  # the run makes many requests a minute
    records = build_records(office_a, organisation, counsellor_a)
    token = make_token(counsellor_a, scope=TokenScope.WRITE)["HTTP_AUTHORIZATION"]
    return records, {"Authorization": token}


def test_schemathesis_finds_no_server_error_and_no_schema_violation(owner_setup, capsys):
    records, headers = owner_setup
    started = time.monotonic()
    calls = run_schemathesis(api.get_openapi_schema(), records, headers)
    with capsys.disabled():
        print(
            f"\nschemathesis: {calls['operations']} operations, {calls['requests']} requests "
            f"in {time.monotonic() - started:.1f} s, statuses {sorted(calls['statuses'].items())}"
        )
    assert calls["operations"] == len(MATRIX)
    # The run reached the endpoints' own answers, not only the token check.
    assert calls["requests"] >= len(MATRIX) * EXAMPLES
    assert {200, 201, 404, 422} <= set(calls["statuses"])


def test_schemathesis_reports_an_undocumented_answer(owner_setup):
    """The run can fail: without its documented 422, a list's bad cursor is a violation."""
    records, headers = owner_setup
    schema = copy.deepcopy(api.get_openapi_schema())
    schema["paths"] = {f"{PREFIX}/cases/": schema["paths"][f"{PREFIX}/cases/"]}
    responses = schema["paths"][f"{PREFIX}/cases/"]["get"]["responses"]
    del responses[422 if 422 in responses else "422"]
    with pytest.raises(FailureGroup) as failed:
        run_schemathesis(schema, records, headers)
    assert [type(error).__name__ for error in failed.value.exceptions] == ["UndefinedStatusCode"]
