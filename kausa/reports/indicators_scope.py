"""What every indicator query shares: the scope (organisation, office, district), the period
as dates and as local-time datetimes, and the step from grouped counts to a table grid."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.db.models import F, Model, Q, QuerySet
from django.utils import timezone

from kausa.core.models import District, Office, Organisation
from kausa.reports.tables import Period

M = TypeVar("M", bound=Model)
Key = Any
Labelled = Sequence[tuple[Key, str]]


@dataclass(frozen=True)
class Scope:
    """The records a report counts: one organisation, optionally one office and one district
    (the district of the person or company the record is about)."""

    organisation: Organisation
    offices: list[Office]
    district: District | None
    period: Period
    # Query results several tables share (filled by the indicator functions).
    cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def office_ids(self) -> list[int]:
        return [office.pk for office in self.offices]

    @property
    def office_rows(self) -> list[tuple[int, str]]:
        return [(office.pk, office.name) for office in self.offices]

    @property
    def in_future(self) -> bool:
        """A period that has not begun: figures "as of today" have no place in it."""
        return self.period.start > timezone.localdate()

    @property
    def start_at(self) -> datetime.datetime:
        """The first moment of the period's first day, in the installation's time zone."""
        return _local_midnight(self.period.start)

    @property
    def end_before(self) -> datetime.datetime:
        """The first moment after the period's last day (the last day is included)."""
        return _local_midnight(self.period.end + datetime.timedelta(days=1))

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        return (self.period.start, self.period.end)

    def filter(
        self,
        queryset: QuerySet[M],
        *,
        office: str = "office",
        districts: Iterable[str] = ("person__district",),
        scan: bool = False,
    ) -> QuerySet[M]:
        """Narrow `queryset` to the scope: `office` is the path to the owning office,
        `districts` the paths to the district of the record's subject. `scan`: the office
        filter keeps most rows, so reading the table beats walking an office index (`+ 0`
        hides the index; on SQLite several times faster for the case table)."""
        scoped: QuerySet[M] = queryset
        if scan:
            scoped = cast("QuerySet[M]", scoped.alias(scope_office=F(f"{office}_id") + 0))
            scoped = scoped.filter(scope_office__in=self.office_ids)
        else:
            scoped = scoped.filter(**{f"{office}_id__in": self.office_ids})
        if self.district is None:
            return scoped
        condition = Q()
        for path in districts:
            condition |= Q(**{f"{path}_id": self.district.pk})
        return scoped.filter(condition)

    def in_period(self, field: str) -> Q:
        """A date-time field within the period (local days, both included)."""
        return Q(**{f"{field}__gte": self.start_at, f"{field}__lt": self.end_before})

    def whole_months(self) -> dict[int, list[int]]:
        """The calendar months the period covers completely, by year."""
        months: dict[int, list[int]] = {}
        first = datetime.date(self.period.start.year, self.period.start.month, 1)
        while first <= self.period.end:
            following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            if self.period.start <= first and following - datetime.timedelta(days=1) <= (
                self.period.end
            ):
                months.setdefault(first.year, []).append(first.month)
            first = following
        return months

    def whole_years(self) -> list[int]:
        """The calendar years the period covers completely (retained counts know only the
        year a case was closed)."""
        return [
            year
            for year in range(self.period.start.year, self.period.end.year + 1)
            if self.period.start <= datetime.date(year, 1, 1)
            and datetime.date(year, 12, 31) <= self.period.end
        ]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def grid(
    counts: dict[tuple[Key, Key], int], rows: Labelled, columns: Labelled
) -> tuple[list[str], list[str], list[list[int]]]:
    """Row labels, column labels and cells from counts keyed by (row key, column key)."""
    cells = [[int(counts.get((row, column), 0)) for column, _label in columns] for row, _l in rows]
    return [label for _key, label in rows], [label for _key, label in columns], cells


def grouped(rows: Iterable[Mapping[str, Any]], row: str, column: str) -> dict[tuple[Key, Key], int]:
    """{(row value, column value): n} from `values(row, column).annotate(n=…)` rows."""
    counts: dict[tuple[Key, Key], int] = {}
    for item in rows:
        key = (item[row], item[column])
        counts[key] = counts.get(key, 0) + int(item["n"] or 0)
    return counts


def by_office(
    rows: Iterable[Mapping[str, Any]], office: str, column: Key
) -> dict[tuple[Key, Key], int]:
    """{(office id, column): n} from `values(office).annotate(n=…)` rows (one column)."""
    return {(item[office], column): int(item["n"] or 0) for item in rows}


def columns_by_office(
    rows: Iterable[Mapping[str, Any]], office: str, columns: Iterable[str]
) -> dict[tuple[Key, Key], int]:
    """{(office id, column): value} from `values(office).annotate(<column>=…, …)` rows (one
    annotation per column)."""
    return {(item[office], column): int(item[column] or 0) for item in rows for column in columns}
