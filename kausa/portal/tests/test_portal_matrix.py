"""The portal's permission matrix: every portal route × every portal role × every method.

Roles (kausa/portal/tests/world.py): an anonymous visitor, a young person who opened a my-data
link, a confirmed company user, the user of another company, a company user the office has not
confirmed yet, and a counsellor signed in on the staff side (the portal treats staff sessions
as anonymous: staff and portal sign-ins never mix). A route missing here fails the test.

Outcomes: "ok" (a page, a form with errors, a redirect that is not an entry page), "login"
(to the portal sign-in), "link" (to the page that sends a my-data link), "pending" (to the
page telling a company user that the office still has to confirm), 403, 404, 405.

Further down: portal roles reach no staff route.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from kausa.portal.tests import matrix_registry
from kausa.portal.tests.world import ROLES, World, build_world, client_for

pytestmark = pytest.mark.django_db

OK, LOGIN, LINK, PENDING = "ok", "login", "link", "pending"
# fmt: off
POLICIES: dict[str, tuple[Any, ...]] = {
    #                 anon   young  company other  pending staff
    "public":        (OK,    OK,    OK,     OK,    OK,     OK),
    # pages of the person whose my-data link this browser opened
    "person":        (LINK,  OK,    LINK,   LINK,  LINK,   LINK),
    # a signed-in account's own pages (also before the office confirmed the company)
    "account":       (LOGIN, LOGIN, OK,     OK,    OK,     LOGIN),
    # the company's pages without an object (its profile, its place list)
    "company":       (LOGIN, LOGIN, OK,     OK,    PENDING, LOGIN),
    # one record of the company (a place, a proposal, its chain run): others' answer 404
    "company_object": (LOGIN, LOGIN, OK,    404,   PENDING, LOGIN),
}
# fmt: on

PORTAL_MATRIX: dict[str, tuple[str | None, dict[str, str]]] = {
    "portal:home": (None, {"get": "public"}),
    **matrix_registry.portal_matrix(),
}


def portal_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = entry.namespace or namespace
                walk(entry.url_patterns, inner)
            elif (
                isinstance(entry, URLPattern)
                and namespace
                and namespace.startswith("portal")
                and not namespace.endswith("_staff")
            ):
                names.add(f"{namespace}:{entry.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_portal_route_is_in_the_matrix():
    assert portal_route_names() == set(PORTAL_MATRIX) | matrix_registry.token_routes()


def test_every_policy_names_every_role():
    assert all(len(outcomes) == len(ROLES) for outcomes in POLICIES.values())
    used = {policy for _kind, methods in PORTAL_MATRIX.values() for policy in methods.values()}
    assert used <= set(POLICIES)


def outcome(response) -> Any:
    location = response.get("Location", "")
    if response.status_code in (301, 302):
        with translation.override("de"):
            if location.startswith(reverse("portal_accounts:login")):
                return LOGIN
            if location.startswith(reverse("portal_accounts:pending")):
                return PENDING
            if location.startswith(reverse("portal_mydata:request_link")):
                return LINK
    if response.status_code < 400:
        return OK
    return response.status_code


CHECKED = {"pairs": 0, "unauthorised_successes": 0}


@pytest.fixture
def world(organisation, office_a, counsellor_a) -> World:
    return build_world(organisation, office_a, counsellor_a)


@pytest.mark.parametrize("route", sorted(PORTAL_MATRIX))
def test_portal_route_answers_each_role_as_the_matrix_says(world, route):
    kind, methods = PORTAL_MATRIX[route]
    mismatches = []
    checked_here = 0
    for method, policy in methods.items():
        for role, expected in zip(ROLES, POLICIES[policy], strict=True):
            records = matrix_registry.portal_records(kind, world)
            with translation.override("de"):
                url = reverse(route, args=records[kind] if kind else [])
            client = client_for(role, world)
            response = getattr(client, method)(url, {})
            got = outcome(response)
            checked_here += 1
            if got == OK and expected != OK:
                CHECKED["unauthorised_successes"] += 1
            if got != expected:
                mismatches.append((method, role, expected, got))
    if "get" not in methods:
        client = client_for("company_user", world)
        records = matrix_registry.portal_records(kind, world)
        with translation.override("de"):
            url = reverse(route, args=records[kind] if kind else [])
        if client.get(url).status_code != 405:
            mismatches.append(("get", "company_user", 405, client.get(url).status_code))
    CHECKED["pairs"] += checked_here
    assert checked_here > 0
    assert mismatches == [], (route, mismatches)


def test_report_the_pairs_checked(capsys):
    with capsys.disabled():
        print(
            f"\nportal permission matrix: {CHECKED['pairs']} route x role x method pairs "
            f"checked, {CHECKED['unauthorised_successes']} unauthorised successes"
        )
    assert CHECKED["pairs"] > 0


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ("anonymous", "staff")])
def test_no_portal_role_reaches_a_staff_page(world, role, office_a, organisation, counsellor_a):
    """Every staff route's page (GET) sends a portal visitor to the staff sign-in."""
    from kausa.core.tests.test_permission_matrix import EVENT_KINDS, MATRIX, build_records

    client = client_for(role, world)
    records = build_records(office_a, organisation, counsellor_a, events=True)
    leaks = []
    for route, (kind, methods) in sorted(MATRIX.items()):
        if "get" not in methods or (kind is not None and kind not in records):
            continue
        response = client.get(reverse(route, args=records[kind] if kind else []))
        if not (response.status_code == 302 and "/staff/login/" in response["Location"]):
            leaks.append((route, response.status_code))
    assert leaks == []
    assert EVENT_KINDS  # the event routes were built too
