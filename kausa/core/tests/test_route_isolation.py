"""Every object URL of the staff UI answers 404 to staff of another organisation, and every
staff URL sends anonymous visitors to the login. A new route without an entry here fails."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from kausa.chains.services.runs import chain_run_start
from kausa.core.tests.factories import (
    CompanyFactory,
    PartnerFactory,
    PersonFactory,
    VacancyFactory,
    published_person_chain,
)
from kausa.counselling.models import Case, NextStep
from kausa.people.models import Guardian
from kausa.placements.models import MatchingRun, MatchingRunPair, Proposal

pytestmark = pytest.mark.django_db

# route name -> (the object its pk names, the method that changes something or None)
OBJECT_ROUTES = {
    "people:detail": ("person", None),
    "people:edit": ("person", "post"),
    "people:sensitive": ("person", "post"),
    "people:sharing": ("person", "post"),
    "people:archive": ("person", "post"),
    "people:guardians": ("person", "post"),
    "people:guardian_remove": ("guardian", "post"),
    "companies:detail": ("company", None),
    "companies:edit": ("company", "post"),
    "companies:archive": ("company", "post"),
    "vacancies:detail": ("vacancy", None),
    "vacancies:edit": ("vacancy", "post"),
    "vacancies:archive": ("vacancy", "post"),
    "partners:detail": ("partner", None),
    "partners:edit": ("partner", "post"),
    "partners:archive": ("partner", "post"),
    "placements:person": ("person", None),
    "placements:create": ("person", "post"),
    "placements:vacancy": ("vacancy", None),
    "placements:proposal": ("proposal", "post"),
    "placements:run": ("run", None),
    "placements:run_accept": ("run_pair", "post"),
    "workbench:step_done": ("step", "post"),
    "workbench:step_reopen": ("step", "post"),
    "workbench:run_step_done": ("chain_run_step", "post"),
    "workbench:run_step_reopen": ("chain_run_step", "post"),
}
POST_ONLY = {"people:archive", "companies:archive", "vacancies:archive", "partners:archive"}
POST_ONLY |= {"people:guardian_remove"}
POST_ONLY |= {"placements:create", "placements:run_accept"}
POST_ONLY |= {name for name in OBJECT_ROUTES if name.startswith("workbench:")}
COLLECTION_ROUTES = {
    "workbench:dashboard",
    "workbench:tasks",
    "core:offices",
    "core:districts",
    "core:audit",
    "core:design",
    "people:list",
    "people:create",
    "companies:list",
    "companies:create",
    "vacancies:list",
    "vacancies:create",
    "partners:list",
    "partners:create",
    "partners:topics",
    "placements:list",
    "placements:weights",
    "placements:runs",
}
STAFF_APPS = {"core", "workbench", "people", "companies", "vacancies", "partners", "placements"}


def staff_route_names() -> set[str]:
    names = set()
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.app_name in STAFF_APPS:
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                names.add(f"{entry.app_name}:{pattern.name}")
    return names


def test_every_staff_route_is_covered_here():
    assert staff_route_names() == set(OBJECT_ROUTES) | COLLECTION_ROUTES


@pytest.fixture
def objects(office_a, organisation, counsellor_a):
    company = CompanyFactory(organisation=organisation)
    person = PersonFactory(office=office_a)
    vacancy = VacancyFactory(company=company)
    proposal = Proposal.objects.create(
        office=office_a, person=person, vacancy=vacancy, source="manual", created_by=counsellor_a
    )
    run = MatchingRun.objects.create(office=office_a, state="done")
    pair = MatchingRunPair.objects.create(run=run, person=person, vacancy=vacancy, score=0.5)
    case = Case.objects.create(
        office=office_a, person=person, counsellor=counsellor_a, opened_on=timezone.localdate()
    )
    chain = published_person_chain(organisation, key="isolation")
    chain_run = chain_run_start(actor=counsellor_a, template=chain, person=person)
    return {
        "step": NextStep.objects.create(
            case=case, title="Anruf", due_on=case.opened_on, owner=counsellor_a
        ),
        "chain_run_step": chain_run.run_steps.order_by("pk").first(),
        "person": person,
        "company": company,
        "vacancy": vacancy,
        "partner": PartnerFactory(organisation=organisation),
        "proposal": proposal,
        "run": run,
        "run_pair": pair,
        "guardian": Guardian.objects.create(
            person=person, first_name="S", last_name="H", relation="mother", language="ar"
        ),
    }


def url_of(name, kind, objects):
    if kind == "guardian":
        return reverse(name, args=[objects[kind].person_id, objects[kind].pk])
    if kind == "run_pair":
        return reverse(name, args=[objects[kind].run_id, objects[kind].pk])
    return reverse(name, args=[objects[kind].pk])


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_organisation_gets_404_on_every_object_url(client, outsider, objects, method):
    client.force_login(outsider)
    for name, (kind, _write) in OBJECT_ROUTES.items():
        url = url_of(name, kind, objects)
        response = getattr(client, method)(url)
        expected = 405 if (method == "get" and name in POST_ONLY) else 404
        assert response.status_code == expected, (url, method)


def test_another_office_gets_404_on_every_person_url(client, counsellor_b, objects):
    client.force_login(counsellor_b)
    for name, (kind, write) in OBJECT_ROUTES.items():
        if kind not in {"person", "proposal", "run", "run_pair", "guardian"}:
            continue
        url = url_of(name, kind, objects)
        response = client.post(url) if write else client.get(url)
        assert response.status_code == 404, url


def test_anonymous_visitors_are_sent_to_login(client, objects):
    for name, (kind, _write) in OBJECT_ROUTES.items():
        url = url_of(name, kind, objects)
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    for name in COLLECTION_ROUTES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"], name


# Administration (team leads and administrators only): a team lead of another organisation
# gets 404 on every office and account of this one; counsellors get 403 before any lookup
# (the permission matrix). The invitation link is public (kausa/administration/tests).
ADMINISTRATION_OBJECT_ROUTES = {
    "administration:staff_detail": ("staff_member", None),
    "administration:role": ("staff_member", "post"),
    "administration:deactivate": ("staff_member", "post"),
    "administration:reactivate": ("staff_member", "post"),
    "administration:resend": ("staff_member", "post"),
    "administration:mfa_reset": ("staff_member", "post"),
    "administration:office_edit": ("office", "post"),
}
ADMINISTRATION_COLLECTION_ROUTES = {
    "administration:staff",
    "administration:invite",
    "administration:offices",
    "administration:office_create",
}


def test_administration_routes_are_covered_and_isolated(client, counsellor_a, office_a):
    from kausa.core.models import Role
    from kausa.core.tests.factories import OfficeFactory, OrganisationFactory, UserFactory

    names = {
        f"administration:{p.name}"
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.app_name == "administration"
        for p in entry.url_patterns
        if isinstance(p, URLPattern)
    }
    expected = set(ADMINISTRATION_OBJECT_ROUTES) | ADMINISTRATION_COLLECTION_ROUTES
    assert names == expected | {"administration:invitation"}
    targets = {"staff_member": counsellor_a.pk, "office": office_a.pk}
    other = OrganisationFactory(name="Andere Landesstelle")
    foreign_lead = UserFactory(
        office=None, organisation=other, role=Role.TEAM_LEAD, username="fremd.lead"
    )
    OfficeFactory(organisation=other)
    for user in (None, foreign_lead):
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, (kind, write) in ADMINISTRATION_OBJECT_ROUTES.items():
            url = reverse(name, args=[targets[kind]])
            response = client.post(url) if write else client.get(url)
            if user is None:
                assert response.status_code == 302 and "/login/" in response["Location"], url
            else:
                assert response.status_code == 404, url
        for name in ADMINISTRATION_COLLECTION_ROUTES:
            response = client.get(reverse(name))
            expected_status = 302 if user is None else 200
            assert response.status_code == expected_status, name
    counsellor_a.refresh_from_db()
    assert counsellor_a.is_active and counsellor_a.role == Role.COUNSELLOR
