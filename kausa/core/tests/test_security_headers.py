"""Every URL pattern answers with the security headers, for every kind of visitor.

All patterns of the URL configuration are requested over HTTPS: anonymously, as a team lead,
as the counsellor who owns the records and as a superuser (the admin). Object URLs name
real records, so detail pages render; patterns this file does not know get an id that does
not exist, which still has to answer with the headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone

from kausa.core.middleware import CONTENT_SECURITY_POLICY
from kausa.core.models import Role
from kausa.core.tests.factories import (
    CompanyFactory,
    PartnerFactory,
    PersonFactory,
    UserFactory,
    VacancyFactory,
)
from kausa.placements.models import MatchingRun, MatchingRunPair, Proposal

pytestmark = pytest.mark.django_db
UNKNOWN_ID = 987654
TEMPLATE_DIRS = sorted(Path(__file__).resolve().parents[2].glob("*/templates"))


@dataclass(frozen=True)
class Route:
    name: str | None
    template: str  # the joined patterns, e.g. "people/<int:pk>/edit/"
    regex: bool


def all_routes(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_routes(entry, inner, prefix + str(entry.pattern))
        else:
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(name, prefix + str(entry.pattern), isinstance(entry.pattern, RegexPattern))


@pytest.fixture
def records(office_a, organisation, counsellor_a):
    from kausa.counselling.models import NextStep, Referral
    from kausa.counselling.services.cases import case_open_for_person
    from kausa.counselling.services.consents import consent_record
    from kausa.partners.models import Topic

    company = CompanyFactory(organisation=organisation)
    person = PersonFactory(office=office_a)
    vacancy = VacancyFactory(company=company)
    partner = PartnerFactory(organisation=organisation)
    run = MatchingRun.objects.create(office=office_a, state="done")
    today = timezone.localdate()
    case = case_open_for_person(actor=counsellor_a, person=person, opened_on=today)
    topic = Topic.objects.order_by("pk").first()
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
    return {
        "person": person.pk,
        "company": company.pk,
        "vacancy": vacancy.pk,
        "partner": partner.pk,
        "proposal": Proposal.objects.create(
            office=office_a, person=person, vacancy=vacancy, source="manual"
        ).pk,
        "run": run.pk,
        "run_pair": MatchingRunPair.objects.create(
            run=run, person=person, vacancy=vacancy, score=0.5
        ).pk,
        "case": case.pk,
        "step": NextStep.objects.create(
            case=case, title="Anruf", due_on=today, owner=counsellor_a
        ).pk,
        "referral": Referral.objects.create(
            case=case, partner=partner, topic=topic, consent=consent, shared_fields=["name"]
        ).pk,
        "consent": consent.pk,
        "office": office_a.pk,
        "staff_member": counsellor_a.pk,
        **_event_records(office_a, organisation, person),
    }


def _event_records(office_a, organisation, person) -> dict[str, int]:
    """A JOBWALK (its route page widens img-src for the map tiles), a registration, a stop,
    an award round, an ambassador and a parent."""
    from kausa.events.models import Ambassador, AwardRound, Registration, RouteStop
    from kausa.events.tests.factories import EventFactory, EventFormatFactory
    from kausa.people.models import Guardian

    walk = EventFactory(
        office=office_a,
        event_format=EventFormatFactory(organisation=organisation, name="Walk", kind="jobwalk"),
    )
    registration = Registration.objects.create(event=walk, kind="young_person", person=person)
    return {
        "event": walk.pk,
        "registration": registration.pk,
        "route_stop": RouteStop.objects.create(
            event=walk, position=1, label="Start", latitude=52.1, longitude=11.6
        ).pk,
        "award_round": AwardRound.objects.create(
            office=office_a,
            title="Preis",
            category="company",
            nominations_close_on=timezone.localdate(),
        ).pk,
        "ambassador": Ambassador.objects.create(office=office_a, person=person).pk,
        "guardian": Guardian.objects.create(
            person=person, first_name="S", last_name="H", relation="mother", language="ar"
        ).pk,
    }


# What the `pk` of a route names, by namespace or by route (the latter wins).
PK_BY_NAMESPACE = {
    "people": "person",
    "companies": "company",
    "vacancies": "vacancy",
    "partners": "partner",
    "events": "event",
    "administration": "staff_member",
}
PK_BY_ROUTE = {
    "placements:person": "person",
    "placements:vacancy": "vacancy",
    "placements:proposal": "proposal",
    "placements:run": "run",
    "placements:run_accept": "run",
    "counselling:company_panel": "company",
    "counselling:company_open": "company",
    "counselling:step_done": "step",
    "counselling:referral": "referral",
    "counselling:referral_status": "referral",
    "counselling:referral_email": "referral",
    "counselling:referral_handout": "referral",
    "counselling:consent_withdraw": "consent",
    "events:registration_cancel": "registration",
    "events:check_in_toggle": "registration",
    "events:award_round": "award_round",
    "events:award_round_edit": "award_round",
    "events:nominate": "award_round",
    "events:award_round_status": "award_round",
    "events:award_round_public": "award_round",
    "events:ambassador": "ambassador",
    "events:ambassador_active": "ambassador",
    "events:ambassador_appearance": "ambassador",
    "administration:office_edit": "office",
}
OTHER_PARAMETERS = {
    "person_pk": "person",
    "pair_pk": "run_pair",
    "stop_pk": "route_stop",
    "guardian_pk": "guardian",
}


def parameter_value(route: Route, parameter: str, records: dict[str, int]) -> str | None:
    name = route.name or ""
    if route.template.startswith("staff/admin/"):
        return admin_parameter(route, parameter, records)
    if parameter in OTHER_PARAMETERS:
        return str(records[OTHER_PARAMETERS[parameter]])
    if parameter == "token":
        return signed_token(name, records)
    if parameter == "pk":
        kind = PK_BY_ROUTE.get(name) or PK_BY_NAMESPACE.get(name.split(":")[0])
        if kind is None and name.startswith("counselling:"):
            kind = "case" if "/cases/" in route.template else "person"
        if kind is not None:
            return str(records[kind])
    return None


def signed_token(name: str, records: dict[str, int]) -> str | None:
    """The public event pages' signed addresses: the office feed and a cancellation link."""
    from kausa.core.models import Office
    from kausa.events.ics import feed_token
    from kausa.events.models import Registration
    from kausa.events.notifications import cancellation_token

    if name == "events:feed":
        return feed_token(Office.objects.order_by("pk").first())
    if name == "events:cancel":
        return cancellation_token(Registration.objects.get(pk=records["registration"]))
    if name == "administration:invitation":
        from kausa.administration.tests.helpers import open_invitation_token

        return open_invitation_token()
    return None


def admin_parameter(route: Route, parameter: str, records: dict[str, int]) -> str | None:
    if parameter == "content_type_id":
        return str(ContentType.objects.get_for_model(apps.get_model("people", "Person")).pk)
    if parameter == "object_id" and route.name == "admin:view_on_site":
        return str(records["person"])
    match = re.match(r"staff/admin/(\w+)/(\w+)/", route.template)
    if match and parameter in {"object_id", "id", "pk"}:
        try:
            model = apps.get_model(match.group(1), match.group(2))
        except LookupError:
            return None
        first = model._base_manager.order_by("pk").first()
        return str(first.pk) if first is not None else None
    return None


def url_for(route: Route, records: dict[str, int]) -> tuple[str, bool]:
    """The path to request and whether it names a known record."""
    if route.regex:
        if route.name == "legacy_staff_redirect":
            return "/people/", True
        if route.name is None:  # the admin's catch-all
            return "/staff/admin/kausa-no-such-page/", True
        return reverse(route.name, kwargs={"app_label": "core"}), True
    known = True

    def substitute(match: re.Match[str]) -> str:
        nonlocal known
        value = parameter_value(route, match.group(2), records)
        if value is None:
            known = False
            return str(UNKNOWN_ID)
        return value

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", substitute, route.template), known


def map_policy() -> str:
    """The route page's policy: the site's, with the map tile server added to img-src."""
    return CONTENT_SECURITY_POLICY.replace(
        "img-src 'self' data:", f"img-src 'self' data: {settings.MAP_TILE_ORIGIN}"
    )


def header_problems(response, signed_in: bool, path: str = "") -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    allowed = {CONTENT_SECURITY_POLICY}
    # The events' route maps and the portal's place map draw tiles from the tile server.
    if path.endswith(("/route/", "/places/map/")) and response.status_code == 200:
        allowed.add(map_policy())
    if csp not in allowed:
        problems.append(f"CSP {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp or "frame-ancestors 'none'" not in csp:
        problems.append("weak CSP")
    # A page whose address carries a token may send no referrer at all (stricter).
    referrer = response.headers.get("Referrer-Policy")
    if not (referrer == "same-origin" or (referrer == "no-referrer" and "/cancel/" in path)):
        problems.append(f"Referrer-Policy: {referrer!r}")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.headers.get(header) != value:
            problems.append(f"{header}: {response.headers.get(header)!r}")
    if "Permissions-Policy" not in response.headers:
        problems.append("no Permissions-Policy")
    if response.headers.get("X-Frame-Options", "DENY") != "DENY":
        problems.append("X-Frame-Options")
    if signed_in and response.headers.get("Cache-Control") != "no-store":
        problems.append(f"Cache-Control: {response.headers.get('Cache-Control')!r}")
    return problems


def test_every_route_sends_the_security_headers(
    records, team_lead, counsellor_a, organisation, capsys
):
    admin = UserFactory(
        office=None,
        organisation=organisation,
        role=Role.ADMIN,
        username="verwaltung",
        is_staff=True,
        is_superuser=True,
    )
    visitors = {"anonymous": None, "team lead": team_lead, "counsellor": counsellor_a}
    routes = list(all_routes())
    problems, statuses, unmapped = [], {}, set()
    requests = 0
    for label, user in [*visitors.items(), ("superuser", admin)]:
        client = Client()
        if user is not None:
            client.force_login(user)
        for route in routes:
            if label == "superuser" and not route.template.startswith("admin/"):
                continue
            path, known = url_for(route, records)
            if not known:
                unmapped.add(route.name or route.template)
            response = client.get(path, secure=True)
            requests += 1
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            for problem in header_problems(response, signed_in=user is not None, path=path):
                problems.append(f"{label} GET {path} ({response.status_code}): {problem}")
    with capsys.disabled():
        print(
            f"\nsecurity headers: {len(routes)} routes, {requests} requests "
            f"(anonymous, team lead, counsellor; admin routes also as superuser), "
            f"statuses {dict(sorted(statuses.items()))}, "
            f"{len(unmapped)} routes without a known record, {len(problems)} problems"
        )
    assert not problems, "\n".join(problems[:30])
    # Every object route of the apps this file knows names a real record.
    known_apps = {*PK_BY_NAMESPACE, "core", "placements", "counselling"}
    assert not {name for name in unmapped if str(name).split(":")[0] in known_apps}, unmapped


def test_staff_detail_pages_render_for_their_owner(records, counsellor_a, client):
    client.force_login(counsellor_a)
    for name, kind in [
        ("people:detail", "person"),
        ("companies:detail", "company"),
        ("vacancies:detail", "vacancy"),
        ("partners:detail", "partner"),
        ("counselling:case", "case"),
        ("counselling:referral", "referral"),
    ]:
        response = client.get(reverse(name, args=[records[kind]]), secure=True)
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "no-store"


def test_cookies_are_secure_httponly_and_samesite(client, team_lead):
    response = client.get(reverse("login"), secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    client.force_login(team_lead)
    response = client.post(reverse("people:list"), {"q": "x"}, secure=True)  # saves filters
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    response = client.post(reverse("set_language"), {"language": "en"}, secure=True)
    language = response.cookies["django_language"]
    assert language["secure"] and language["httponly"] and language["samesite"] == "Lax"


INLINE_CODE = [
    (re.compile(r"\sstyle\s*=", re.I), "inline style attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "<script> without src"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on* event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_hold_no_inline_code():
    """The CSP forbids inline styles and scripts; the templates must not need them."""
    found = []
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE_CODE:
            if pattern.search(text):
                found.append(f"{path}: {what}")
    assert templates and not found, found


def test_htmx_adds_no_inline_styles(client, counsellor_a):
    client.force_login(counsellor_a)
    html = client.get(reverse("workbench:dashboard"), secure=True).content.decode()
    assert '<meta name="htmx-config"' in html
    assert "&quot;includeIndicatorStyles&quot;: false" in html  # JSON in an escaped attribute
    css = (Path(__file__).resolve().parents[1] / "static/core/kausa.css").read_text()
    assert ".htmx-indicator" in css  # the indicator styles htmx would otherwise inject
