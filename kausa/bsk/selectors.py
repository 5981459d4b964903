"""Reads of the Azubi-BSK app, scoped to the user: course statuses and the pooling overview.

Demand pooling (for team leads): people of the organisation in training or about to start
(a case at "entry qualification" or "training started", or a proposal with a signed
contract) whose German is below B2 and who have no course, grouped by their district, each
with the courses for apprentices in reach of their postal code. A district where at least
`BSK_POOLING_THRESHOLD` of them have none in reach gets a pooled course request.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet

from kausa.bsk.client import Course
from kausa.bsk.courses import CourseLookup
from kausa.bsk.models import HAS_COURSE, CourseParticipation
from kausa.companies.models import Company
from kausa.core.choices import GermanLevel
from kausa.core.models import District, User
from kausa.counselling.models import Case, Consent, ConsentPurpose, PersonStage
from kausa.people.models import DesiredOccupation, Person
from kausa.people.selectors import people_visible_to
from kausa.placements.models import Proposal, ProposalStatus

IN_TRAINING_STAGES = (PersonStage.ENTRY_QUALIFICATION, PersonStage.TRAINING_STARTED)
COURSES_SHOWN = 3


def course_participation_for(user: User, person: Person) -> CourseParticipation | None:
    """The course status of a person the user may see (fetch the person via its selector)."""
    if not people_visible_to(user).filter(pk=person.pk).exists():
        return None
    return CourseParticipation.objects.filter(person=person).first()


def pooling_people(user: User) -> QuerySet[Person]:
    """People below B2, in training or about to start, with no course: the pooling pool."""
    in_training = Case.objects.filter(
        person__isnull=False, closed_at__isnull=True, stage__in=IN_TRAINING_STAGES
    ).values("person_id")
    contracted = Proposal.objects.filter(status=ProposalStatus.CONTRACT_SIGNED).values("person_id")
    with_course = CourseParticipation.objects.filter(status__in=HAS_COURSE).values("person_id")
    contracts = Proposal.objects.filter(status=ProposalStatus.CONTRACT_SIGNED).select_related(
        "vacancy__company", "vacancy__occupation"
    )
    return (
        people_visible_to(user)
        .filter(archived_at__isnull=True, german_level__lt=GermanLevel.B2)
        .filter(Q(pk__in=in_training) | Q(pk__in=contracted))
        .exclude(pk__in=with_course)
        .select_related("district", "office")
        .prefetch_related(
            Prefetch("proposals", queryset=contracts, to_attr="contracts"),
            Prefetch(
                "desired_occupations",
                queryset=DesiredOccupation.objects.select_related("occupation"),
                to_attr="wishes",
            ),
        )
        .order_by("district__name", "last_name", "first_name", "pk")
    )


@dataclass
class PoolingEntry:
    person: Person
    company: Company | None
    occupation: str
    courses: list[Course]  # in reach, nearest first (a few)
    search_failed: bool
    consented: bool


@dataclass
class DistrictPool:
    district: District
    threshold: int
    entries: list[PoolingEntry] = field(default_factory=list)

    @property
    def none_in_reach(self) -> list[PoolingEntry]:
        return [e for e in self.entries if not e.search_failed and not e.courses]

    @property
    def unknown(self) -> list[PoolingEntry]:
        return [e for e in self.entries if e.search_failed]

    @property
    def proposes_request(self) -> bool:
        return len(self.none_in_reach) >= self.threshold

    @property
    def companies(self) -> list[Company]:
        found = {e.company.pk: e.company for e in self.none_in_reach if e.company is not None}
        return sorted(found.values(), key=lambda company: (company.name, company.pk))

    @property
    def occupations(self) -> list[tuple[str, int]]:
        counts = Counter(e.occupation for e in self.none_in_reach)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def named(self) -> list[Person]:
        """Only people who consented to being named to the BAMF; all others are counted."""
        return [e.person for e in self.none_in_reach if e.consented]


@dataclass
class PoolingOverview:
    districts: list[DistrictPool]
    threshold: int
    radius_km: int
    without_postal_code: int


def _entry(person: Person, lookup: CourseLookup, consented: set[int]) -> PoolingEntry:
    contracts: list[Proposal] = getattr(person, "contracts", [])
    wishes: list[DesiredOccupation] = getattr(person, "wishes", [])
    contract = contracts[0] if contracts else None
    if contract is not None:
        occupation = contract.vacancy.occupation.name
    else:
        occupation = wishes[0].occupation.name if wishes else "–"
    return PoolingEntry(
        person=person,
        company=contract.vacancy.company if contract is not None else None,
        occupation=occupation,
        courses=lookup.in_reach()[:COURSES_SHOWN],
        search_failed=lookup.failed,
        consented=person.pk in consented,
    )


def pooling_overview(user: User, lookup: Callable[[str], CourseLookup]) -> PoolingOverview:
    """Per district, the pool and its courses in reach (`lookup` finds them per postal code)."""
    threshold = settings.BSK_POOLING_THRESHOLD
    people = list(pooling_people(user))
    consented = set(
        Consent.objects.filter(
            person__in=[person.pk for person in people],
            purpose=ConsentPurpose.LANGUAGE_COURSE,
            withdrawn_on__isnull=True,
        ).values_list("person_id", flat=True)
    )
    pools: dict[str, DistrictPool] = {}
    without_postal_code = 0
    for person in people:
        if person.district is None or not person.postal_code:
            without_postal_code += 1
            continue
        pool = pools.setdefault(
            person.district.pk, DistrictPool(district=person.district, threshold=threshold)
        )
        pool.entries.append(_entry(person, lookup(person.postal_code), consented))
    return PoolingOverview(
        districts=sorted(
            pools.values(), key=lambda pool: (-len(pool.none_in_reach), pool.district.name)
        ),
        threshold=threshold,
        radius_km=settings.BSK_RADIUS_KM,
        without_postal_code=without_postal_code,
    )


def district_pool(overview: PoolingOverview, district_key: str) -> DistrictPool | None:
    return next((p for p in overview.districts if p.district.pk == district_key), None)
