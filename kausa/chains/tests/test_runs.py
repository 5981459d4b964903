"""Starting and following a chain: conditions, district partners, due dates, isolation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.chains.models import ChainRun, DistrictPartner, StepStatus
from kausa.chains.services import runs as run_services
from kausa.chains.services import templates as template_services
from kausa.core.tests.factories import CompanyFactory, district
from kausa.people.models import PersonSensitive

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _start(client, person, chain, language="ar"):
    return client.post(
        reverse("chains:person_start", args=[person.pk]),
        {"template": chain.pk, "language": language},
    )


def test_a_chain_for_a_tolerated_person_includes_the_work_permit_with_the_local_office(
    client, counsellor_a, chain, foreigners_office, tolerated_person
):
    DistrictPartner.objects.create(
        template=chain,
        district=district("15003"),
        partner_type="foreigners_office",
        partner=foreigners_office,
    )
    client.force_login(counsellor_a)
    response = _start(client, tolerated_person, chain)
    run = ChainRun.objects.get()
    assert response.status_code == 302 and run.district_id == "15003"
    steps = {item.step.key: item for item in run.run_steps.select_related("step")}
    assert steps["work-permit"].status == StepStatus.OPEN
    assert steps["work-permit"].partner == foreigners_office
    assert steps["contract"].due_on == TODAY + datetime.timedelta(days=7)
    assert steps["work-permit"].due_on == TODAY + datetime.timedelta(days=35)
    page = client.get(reverse("chains:run", args=[run.pk]))
    assert page.context["current"] == steps["contract"]
    assert "Ausländerbehörde Magdeburg" in page.content.decode()


def test_conditional_steps_do_not_apply_to_people_with_protection(
    client, counsellor_a, chain, tolerated_person
):
    PersonSensitive.objects.filter(person=tolerated_person).update(residence_status="protection")
    client.force_login(counsellor_a)
    _start(client, tolerated_person, chain)
    run = ChainRun.objects.get()
    item = run.run_steps.get(step__key="work-permit")
    assert item.status == StepStatus.NOT_APPLICABLE and item.due_on is None


def test_a_running_chain_stays_on_its_version(
    client, team_lead, counsellor_a, chain, tolerated_person
):
    client.force_login(counsellor_a)
    _start(client, tolerated_person, chain)
    draft = template_services.chain_template_new_version(actor=team_lead, template=chain)
    template_services.chain_step_delete(actor=team_lead, step=draft.steps.get(key="contract"))
    template_services.chain_template_publish(actor=team_lead, template=draft)
    run = ChainRun.objects.get()
    assert run.template == chain
    assert run.run_steps.filter(step__key="contract").exists()


def test_a_company_chain_asks_for_the_apprentices_situation(
    client, counsellor_a, chain, organisation
):
    chain.audience = "company"
    chain.save()
    company = CompanyFactory(organisation=organisation)
    client.force_login(counsellor_a)
    client.post(
        reverse("chains:company_start", args=[company.pk]),
        {"template": chain.pk, "language": "de", "residence_status": "asylum_pending"},
    )
    run = ChainRun.objects.get(company=company)
    assert run.run_steps.get(step__key="work-permit").status == StepStatus.OPEN
    assert run.context == {"residence_status": "asylum_pending", "lives_abroad": False}


def test_updating_steps_and_overdue_steps_on_the_task_list(
    client, counsellor_a, chain, tolerated_person
):
    client.force_login(counsellor_a)
    _start(client, tolerated_person, chain)
    run = ChainRun.objects.get()
    item = run.run_steps.get(step__key="contract")
    response = client.post(
        reverse("chains:run_step", args=[item.pk]),
        {
            f"s{item.pk}-status": "in_progress",
            f"s{item.pk}-due_on": "2026-01-05",
            f"s{item.pk}-notes": "Vertrag liegt beim Betrieb",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress" and item.notes == "Vertrag liegt beim Betrieb"
    tasks = client.get(reverse("workbench:tasks"))
    assert item in tasks.context["chain_steps"]
    # An invalid status changes nothing.
    client.post(reverse("chains:run_step", args=[item.pk]), {f"s{item.pk}-status": "bogus"})
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_a_draft_or_wrong_audience_cannot_be_started(
    counsellor_a, team_lead, chain, tolerated_person
):
    from django.core.exceptions import ValidationError

    draft = template_services.chain_template_new_version(actor=team_lead, template=chain)
    with pytest.raises(ValidationError):
        run_services.chain_run_start(actor=counsellor_a, template=draft, person=tolerated_person)
    chain.audience = "company"
    chain.save()
    with pytest.raises(ValidationError):
        run_services.chain_run_start(actor=counsellor_a, template=chain, person=tolerated_person)


ROUTES = {
    "chains:person_panel": ("person", "get"),
    "chains:person_start": ("person", "get"),
    "chains:run": ("run", "get"),
    "chains:handout": ("run", "get"),
    "chains:run_step": ("run_step", "post"),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_another_office_gets_404_on_every_run_url(
    client, counsellor_a, counsellor_b, chain, tolerated_person, route
):
    run = run_services.chain_run_start(actor=counsellor_a, template=chain, person=tolerated_person)
    ids = {"person": tolerated_person.pk, "run": run.pk, "run_step": run.run_steps.first().pk}
    record, method = ROUTES[route]
    client.force_login(counsellor_b)
    assert getattr(client, method)(reverse(route, args=[ids[record]])).status_code == 404


@pytest.mark.parametrize(
    "route", ["chains:templates", "chains:template", "chains:district_partners", "chains:run"]
)
def test_another_organisation_gets_404_or_an_empty_list(
    client, outsider, counsellor_a, chain, tolerated_person, route
):
    run = run_services.chain_run_start(actor=counsellor_a, template=chain, person=tolerated_person)
    client.force_login(outsider)
    if route == "chains:templates":
        assert list(client.get(reverse(route)).context["templates"]) == []
        return
    pk = run.pk if route == "chains:run" else chain.pk
    assert client.get(reverse(route, args=[pk])).status_code in (403, 404)
