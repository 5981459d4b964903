"""Demo process chains: the shipped templates, district partners from the directory, and a
few chains under way in each office."""

from __future__ import annotations

from datetime import timedelta

from kausa.chains.models import ChainTemplate, StepStatus
from kausa.chains.services.district_partners import district_partners_fill
from kausa.chains.services.runs import chain_run_start
from kausa.chains.services.templates import templates_seed
from kausa.core.models import District, Office, Organisation, Role, User
from kausa.demo.context import DemoContext
from kausa.people.models import Person

RUNS_PER_OFFICE = 4


def create_chains(ctx: DemoContext, organisation: Organisation, offices: list[Office]) -> None:
    templates_seed(organisation)
    lead = User.objects.filter(organisation=organisation, role=Role.TEAM_LEAD).first()
    districts = list(District.objects.filter(pk__startswith=offices[0].district_id[:2]))
    templates = list(ChainTemplate.objects.filter(organisation=organisation).order_by("key"))
    if lead is not None:
        for template in templates:
            district_partners_fill(actor=lead, template=template, districts=districts)
    for_people = [t for t in templates if t.audience == "person"]
    for office in offices:
        counsellor = User.objects.filter(office=office, role=Role.COUNSELLOR).first()
        if counsellor is None or not for_people:
            continue
        people = list(
            Person.objects.filter(office=office, cases__closed_at__isnull=True).order_by("pk")[
                :RUNS_PER_OFFICE
            ]
        )
        for person in people:
            started = ctx.today - timedelta(days=int(ctx.rng.integers(5, 90)))
            run = chain_run_start(
                actor=counsellor,
                template=ctx.pick(for_people),
                person=person,
                case=person.cases.filter(closed_at__isnull=True).first(),
                language=ctx.pick(["de", "ar", "uk", "en"]),
                started_on=started,
            )
            # The first steps are done already, as in a chain that is under way.
            done = int(ctx.rng.integers(0, 3))
            for item in run.run_steps.filter(status=StepStatus.OPEN)[:done]:
                item.status = StepStatus.DONE
                item.save(update_fields=["status"])
