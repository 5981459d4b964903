"""Breakdowns of the young people counselled by protected attributes, in aggregate only and
for team leads and administrators only (`protected=True`). Never an input to matching.

The people counted: a person case open on at least one day of the period (opened on or
before its last day, not closed before its first). Rows are the categories, columns the
offices. Gender is recorded as the person states it (female, male, diverse, prefers not to
say), for these statistics only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from kausa.core.choices import GermanLevel
from kausa.core.models import District
from kausa.counselling.models import Case
from kausa.people.models import Gender, Person, ResidenceStatus
from kausa.reports.indicators_scope import Labelled, Scope, grid, grouped
from kausa.reports.tables import ReportTable

UNKNOWN = "unknown"
AGE_BANDS = ((0, 18), (18, 21), (21, 25), (25, 30), (30, None))
RESIDENCE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("german_eu", (ResidenceStatus.GERMAN, ResidenceStatus.EU)),
    ("permanent", (ResidenceStatus.PERMANENT,)),
    ("protection", (ResidenceStatus.PROTECTION, ResidenceStatus.TEMPORARY_PROTECTION)),
    (
        "insecure",
        (
            ResidenceStatus.ASYLUM_PENDING,
            ResidenceStatus.TOLERATED,
            ResidenceStatus.TRAINING_TOLERATION,
        ),
    ),
    ("permit", (ResidenceStatus.TRAINING_PERMIT, ResidenceStatus.OTHER_PERMIT)),
    ("abroad", (ResidenceStatus.ABROAD_VISA_NEEDED,)),
)


def breakdown_tables(scope: Scope) -> list[ReportTable]:
    """All breakdowns from one pass over the people: a row per office and district with a
    conditional count per category (the last category of a dimension is the rest: total minus
    the others); the offices' rows are their districts' rows added up."""
    dimensions: list[tuple[str, str, str, list[Category]]] = [
        ("gender", _("Young people counselled by gender"), _("Gender"), _gender()),
        ("age_band", _("Young people counselled by age"), _("Age"), _age_band(scope)),
        (
            "background",
            _("Young people counselled by migration or refugee background"),
            _("Background"),
            _background(),
        ),
        (
            "residence",
            _("Young people counselled by residence status"),
            _("Residence status"),
            _residence_group(),
        ),
        (
            "german_level",
            _("Young people counselled by German level"),
            _("German level"),
            [(level.value, str(level.label), Q(german_level=level.value)) for level in GermanLevel],
        ),
    ]
    conditional = {
        f"{name}__{index}": Count("id", filter=condition)
        for name, _title, _header, categories in dimensions
        for index, (_key, _label, condition) in enumerate(categories)
        if condition is not None
    }
    people = counselled_people(scope)
    by_district: list[Mapping[str, Any]] = list(
        people.values("office_id", "district_id")
        .annotate(n=Count("id"), total=Count("id"), **conditional)
        .order_by()
    )
    per_office = _per_office(by_district, ["total", *conditional])
    tables = [
        _table(
            scope,
            name,
            title,
            header,
            [(key, label) for key, label, _condition in categories],
            _category_counts(name, categories, per_office),
        )
        for name, title, header, categories in dimensions
    ]
    # the names afterwards: joining the district table into the count made it slower
    names = dict(
        District.objects.filter(
            key__in={row["district_id"] for row in by_district if row["district_id"]}
        ).values_list("key", "name")
    )
    found = sorted(names.items(), key=lambda pair: pair[1])
    tables.append(
        _table(
            scope,
            "district",
            _("Young people counselled by district of residence"),
            _("District"),
            [*found, (None, _("no district (e.g. abroad)"))],
            grouped(by_district, "district_id", "office_id"),
        )
    )
    return tables


def _per_office(rows: list[Mapping[str, Any]], keys: list[str]) -> list[Mapping[str, Any]]:
    offices: dict[Any, dict[str, Any]] = {}
    for row in rows:
        summed = offices.setdefault(row["office_id"], {"office_id": row["office_id"]})
        for key in keys:
            summed[key] = summed.get(key, 0) + row[key]
    return list(offices.values())


def _category_counts(
    name: str, categories: list[Category], per_office: list[Mapping[str, Any]]
) -> dict[tuple[Any, Any], int]:
    counts: dict[tuple[Any, Any], int] = {}
    for row in per_office:
        known = 0
        for index, (key, _label, condition) in enumerate(categories):
            if condition is not None:
                counts[(key, row["office_id"])] = row[f"{name}__{index}"]
                known += row[f"{name}__{index}"]
            else:
                counts[(key, row["office_id"])] = row["total"] - known
    return counts


def counselled_people(scope: Scope) -> QuerySet[Person]:
    """People with a person case open on at least one day of the period (nobody for a future
    period: an open case is not known to stay open)."""
    if scope.in_future:
        return Person.objects.none()
    open_in_period = Case.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=scope.start_at),
        person=OuterRef("pk"),
        office_id__in=scope.office_ids,
        opened_on__lte=scope.period.end,
    )
    return scope.filter(Person.objects.filter(Exists(open_in_period)), districts=("district",))


# (row key, label, condition); the condition None: everybody not in another category.
Category = tuple[Any, str, Q | None]


def _table(
    scope: Scope,
    name: str,
    title: str,
    header: str,
    categories: Labelled,
    counts: dict[tuple[Any, Any], int],
) -> ReportTable:
    row_labels, column_labels, cells = grid(counts, categories, scope.office_rows)
    return ReportTable(
        key=f"people.by_{name}",
        title=title,
        row_header=header,
        row_labels=row_labels,
        column_labels=column_labels,
        cells=cells,
        protected=True,
        definition=_(
            "Young people with a case open on at least one day of the period, by %(attribute)s "
            "as recorded now; columns are the offices."
        )
        % {"attribute": header},
    )


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year - years, day=28)


def _age_band(scope: Scope) -> list[Category]:
    """Age on the period's last day, from the date of birth."""
    end = scope.period.end
    categories: list[Category] = []
    for low, high in AGE_BANDS:
        condition = Q(birth_date__lte=_years_before(end, low))
        if high is not None:
            condition &= Q(birth_date__gt=_years_before(end, high))
            label = _("%(low)s to %(high)s years") % {"low": low, "high": high - 1}
        else:
            label = _("%(low)s years and older") % {"low": low}
        if low == 0:
            label = _("under %(high)s years") % {"high": high}
        categories.append((f"{low}-{high}", label, condition))
    categories.append((UNKNOWN, _("date of birth unknown"), None))
    return categories


def _background() -> list[Category]:
    refugee = Q(sensitive__has_refugee_background=True)
    return [
        ("refugee", _("refugee background"), refugee),
        (
            "migration",
            _("migration background (no refugee background)"),
            Q(sensitive__has_migration_background=True) & ~refugee,
        ),
        (
            "none",
            _("no migration background"),
            Q(sensitive__has_migration_background=False) & ~refugee,
        ),
        (UNKNOWN, _("not recorded"), None),
    ]


def _gender() -> list[Category]:
    stated = [
        (gender.value, str(gender.label), Q(sensitive__gender=gender.value))
        for gender in (Gender.FEMALE, Gender.MALE, Gender.DIVERSE)
    ]
    # "prefers not to say" and "not recorded" are one row: apart, they add nothing a funder
    # asks for and make more small cells.
    return [*stated, (UNKNOWN, _("not stated or not recorded"), None)]


def _residence_group() -> list[Category]:
    labels = {
        "german_eu": _("German or EU/EEA citizen"),
        "permanent": _("permanent residence"),
        "protection": _("protection status"),
        "insecure": _("asylum pending or tolerated"),
        "permit": _("residence permit (training or other)"),
        "abroad": _("abroad, visa needed"),
    }
    categories: list[Category] = [
        (group, labels[group], Q(sensitive__residence_status__in=statuses))
        for group, statuses in RESIDENCE_GROUPS
    ]
    return [*categories, (UNKNOWN, _("unknown / not asked"), None)]
