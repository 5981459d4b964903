"""Indicators of the work around the cases: proposals and contracts, referrals, process chains
and the Azubi-BSK demand. Grouped aggregate queries only."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from kausa.bsk.models import HAS_COURSE, CourseParticipation
from kausa.chains.models import ChainRun, ChainRunStep, StepStatus
from kausa.core.choices import GermanLevel
from kausa.counselling.models import Case, Referral, ReferralStatus
from kausa.partners.models import PartnerType
from kausa.people.models import Person
from kausa.placements.models import Proposal, ProposalStatus, ProposalStatusChange
from kausa.reports.indicators_scope import Scope, by_office, grid, grouped
from kausa.reports.tables import ReportTable

CASE_DISTRICTS = ("case__person__district", "case__company__district")
RUN_DISTRICTS = ("person__district", "company__district")
IN_TRAINING_STAGES = ("entry_qualification", "training_started")


def activity_tables(scope: Scope) -> list[ReportTable]:
    return [
        placements_proposals(scope),
        placements_contracts(scope),
        referrals_by_partner_type(scope),
        chains_runs(scope),
        bsk_demand(scope),
    ]


def proposals_by_status(
    scope: Scope, condition: Q | None = None
) -> tuple[list[str], list[str], list[list[int]]]:
    """Proposals made in the period (and meeting `condition`), offices by today's status."""
    made = Proposal.objects.filter(scope.in_period("created_at"))
    proposals = scope.filter(made.filter(condition) if condition else made, scan=True)
    counts = grouped(
        proposals.values("office_id", "status").annotate(n=Count("id")), "office_id", "status"
    )
    columns = [(status.value, str(status.label)) for status in ProposalStatus]
    return grid(counts, scope.office_rows, columns)


def placements_proposals(scope: Scope) -> ReportTable:
    rows, cols, cells = proposals_by_status(scope)
    return ReportTable(
        key="placements.proposals",
        title=_("Proposals by status"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        definition=_(
            "Proposals of a young person for an apprenticeship place made in the period "
            "(creation date), by their status when the report is made."
        ),
    )


def placements_contracts(scope: Scope) -> ReportTable:
    signed = scope.filter(
        ProposalStatusChange.objects.filter(
            scope.in_period("changed_at"), status=ProposalStatus.CONTRACT_SIGNED
        ),
        office="proposal__office",
        districts=("proposal__person__district",),
        scan=True,
    )
    counts = by_office(
        signed.values("proposal__office_id").annotate(
            n=Count("proposal__person_id", distinct=True)
        ),
        "proposal__office_id",
        "signed",
    )
    rows, cols, cells = grid(counts, scope.office_rows, [("signed", _("contracts signed"))])
    return ReportTable(
        key="placements.contracts",
        title=_("Training contracts signed"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Young people whose proposal reached “contract signed” in the period "
            "(date of the status change)."
        ),
    )


def referrals_by_partner_type(scope: Scope) -> ReportTable:
    referrals = scope.filter(
        Referral.objects.filter(scope.in_period("created_at")),
        office="case__office",
        districts=CASE_DISTRICTS,
        scan=True,
    )
    counts = grouped(
        referrals.values("partner__partner_type", "status").annotate(n=Count("id")),
        "partner__partner_type",
        "status",
    )
    rows, cols, cells = grid(
        counts,
        [(kind.value, str(kind.label)) for kind in PartnerType],
        [(status.value, str(status.label)) for status in ReferralStatus],
    )
    return ReportTable(
        key="referrals.by_partner_type",
        title=_("Referrals by partner type and outcome"),
        row_header=_("Partner type"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        definition=_(
            "Referrals to network partners made in the period (creation date), by the type of "
            "partner and their status when the report is made."
        ),
    )


def chains_runs(scope: Scope) -> ReportTable:
    runs = scope.filter(ChainRun.objects.all(), districts=RUN_DISTRICTS, scan=True)
    steps = ChainRunStep.objects.filter(run=OuterRef("pk"))
    completed = runs.filter(
        ~Exists(steps.filter(status__in=(StepStatus.OPEN, StepStatus.IN_PROGRESS))),
        Exists(steps.filter(scope.in_period("completed_at"), status=StepStatus.DONE)),
        ~Exists(steps.filter(completed_at__gte=scope.end_before)),
    )
    counts: dict[tuple[int, str], int] = {}
    for prefix, queryset in (
        ("started", runs.filter(started_on__range=scope.dates)),
        ("completed", completed),
    ):
        for item in queryset.values("office_id").annotate(
            person=Count("id", filter=Q(person__isnull=False)),
            company=Count("id", filter=Q(company__isnull=False)),
        ):
            counts[(item["office_id"], f"{prefix}.person")] = item["person"]
            counts[(item["office_id"], f"{prefix}.company")] = item["company"]
    columns = [
        ("started.person", _("started for young people")),
        ("started.company", _("started for companies")),
        ("completed.person", _("completed for young people")),
        ("completed.company", _("completed for companies")),
    ]
    rows, cols, cells = grid(counts, scope.office_rows, columns)
    return ReportTable(
        key="chains.runs",
        title=_("Process chains started and completed"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Process chains started in the period (start date) and chains whose steps are all "
            "done or not applicable, the last one done in the period (date it was done)."
        ),
    )


def bsk_demand(scope: Scope) -> ReportTable:
    """The Azubi-BSK pool as `kausa.bsk.selectors.pooling_people` defines it, counted."""
    in_training = Case.objects.filter(
        person=OuterRef("pk"), closed_at__isnull=True, stage__in=IN_TRAINING_STAGES
    )
    contracted = Proposal.objects.filter(
        person=OuterRef("pk"), status=ProposalStatus.CONTRACT_SIGNED
    )
    with_course = CourseParticipation.objects.filter(person=OuterRef("pk"), status__in=HAS_COURSE)
    pool = scope.filter(
        Person.objects.filter(archived_at__isnull=True, german_level__lt=GermanLevel.B2),
        districts=("district",),
    ).filter(Q(Exists(in_training)) | Q(Exists(contracted)), ~Exists(with_course))
    if scope.in_future:
        pool = pool.none()
    counts = by_office(pool.values("office_id").annotate(n=Count("id")), "office_id", "pool")
    rows, cols, cells = grid(
        counts, scope.office_rows, [("pool", _("without a job-language course"))]
    )
    return ReportTable(
        key="bsk.demand",
        title=_("Demand for job-language courses for apprentices (Azubi-BSK)"),
        row_header=_("Office"),
        row_labels=rows,
        column_labels=cols,
        cells=cells,
        row_totals=False,
        definition=_(
            "Young people in entry qualification or training, or with a signed contract, whose "
            "German is below B2 and who have no job-language course, when the report is made "
            "(none for a period that has not begun)."
        ),
    )
