"""Small-cell suppression for person counts. Pure Python: no Django import.

Primary: a person count of 1 to threshold-1 (also a row, column or grand total) is shown as
"< threshold". Secondary: no hidden cell may be recomputed from what is shown. The table with
its totals is treated as one grid in which every row and column that shows a total is an
equation. A hidden cell is derivable exactly when it is the only hidden cell of such a line,
or, more generally, when it is a bridge in the graph whose nodes are these lines and whose
edges are the hidden cells (summing the equations on one side of a bridge yields it). Every
hidden cell is non-zero, so a hidden cell on a cycle can move by one along the cycle while
every other value stays valid: it is undetermined. So we hide further cells (the smallest
non-zero one of a line, preferring inner cells to totals) until no line has exactly one
hidden cell and no hidden cell is a bridge. A reader also knows that a "< 5" cell holds 1 to
4 and an "x" cell at least 5; a linear programme per hidden cell checks that these bounds
pin none of them either, and hides more where one is pinned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scipy.optimize import linprog

from kausa.reports.tables import ReportTable

DEFAULT_THRESHOLD = 5
SECONDARY_MARK = "x"
FREE = ("free", -1)  # all lines without a total: no equation, merged into one graph node

Coord = tuple[int, int]
Node = tuple[str, int]


@dataclass(frozen=True)
class Cell:
    text: str  # what is shown
    value: int | None  # the count, None when suppressed
    primary: bool = False  # a small count
    secondary: bool = False  # hidden so that a small count cannot be recomputed

    @property
    def suppressed(self) -> bool:
        return self.primary or self.secondary


@dataclass(frozen=True)
class DisplayedTable:
    """A table as it may be shown: cells, totals (empty lists when the table shows none)."""

    table: ReportTable
    threshold: int
    rows: list[list[Cell]]
    row_totals: list[Cell]
    column_totals: list[Cell]
    grand_total: Cell | None
    masked: bool = False  # all counts show as "x" (see `_hide_all`)

    @property
    def any_suppressed(self) -> bool:
        cells = [cell for row in self.rows for cell in row] + self.row_totals + self.column_totals
        return any(cell.suppressed for cell in cells) or bool(
            self.grand_total and self.grand_total.suppressed
        )


def small_mark(threshold: int) -> str:
    return f"< {threshold}"


class _Grid:
    """The table with its totals as one grid: row totals in the last column, column totals
    in the last row, the grand total in the corner (only when both totals are shown)."""

    def __init__(self, table: ReportTable) -> None:
        self.rows, self.columns = len(table.cells), len(table.column_labels)
        self.has_row_totals, self.has_column_totals = table.row_totals, table.column_totals
        values: list[list[int | None]] = [[int(v) for v in row] for row in table.cells]
        if table.row_totals:
            for row in values:
                row.append(sum(v or 0 for v in row))
        if table.column_totals:
            width = self.columns + (1 if table.row_totals else 0)
            values.append([sum(row[c] or 0 for row in values) for c in range(width)])
        self.values = values
        self.hidden = [[False for _ in row] for row in values]
        self.masked = False  # every count hidden behind "x": the marks would give one away

    def value(self, coord: Coord) -> int:
        return self.values[coord[0]][coord[1]] or 0

    def is_total(self, coord: Coord) -> bool:
        return coord[0] >= self.rows or coord[1] >= self.columns

    def lines(self) -> list[tuple[Node, list[Coord]]]:
        """Every line that is an equation (it shows its total), with its cells."""
        found: list[tuple[Node, list[Coord]]] = []
        for r, row in enumerate(self.values):
            if self.has_row_totals and (r < self.rows or self.has_column_totals):
                found.append((("row", r), [(r, c) for c in range(len(row))]))
        width = len(self.values[0]) if self.values else 0
        for c in range(width):
            if self.has_column_totals and (c < self.columns or self.has_row_totals):
                found.append((("col", c), [(r, c) for r in range(len(self.values))]))
        return found

    def hidden_cells(self) -> list[Coord]:
        return [(r, c) for r, row in enumerate(self.hidden) for c, flag in enumerate(row) if flag]

    def pick(self, candidates: Iterable[Coord]) -> Coord | None:
        """The smallest non-zero shown cell, inner cells before totals."""
        shown = [x for x in candidates if not self.hidden[x[0]][x[1]] and self.value(x) > 0]
        if not shown:
            return None
        return min(shown, key=lambda x: (self.value(x), self.is_total(x), x))


def suppress(table: ReportTable, threshold: int = DEFAULT_THRESHOLD) -> DisplayedTable:
    """The table as it may be shown. Tables that count no people are shown unchanged."""
    if threshold < 1:
        raise ValueError("the suppression threshold must be at least 1")
    grid = _Grid(table)
    primary = [[0 < (v or 0) < threshold for v in row] for row in grid.values]
    if table.person_counts:
        grid.hidden = [list(row) for row in primary]
        _protect(grid, primary, threshold)
    else:
        primary = [[False for _ in row] for row in grid.values]
    return _displayed(table, grid, primary, threshold)


def _protect(grid: _Grid, primary: list[list[bool]], threshold: int) -> None:
    lines = grid.lines()
    # Hiding more only widens what a hidden cell could be: a cell found free stays free.
    free: set[Coord] = set()
    while True:
        while _hide_lonely(grid, lines) or _hide_bridges(grid, lines):
            pass
        if grid.masked:
            return
        exposed = _first_exposed(grid, lines, primary, threshold, free)
        if exposed is None:
            return
        related = [x for _node, coords in lines if exposed in coords for x in coords]
        choice = grid.pick(related) or grid.pick(
            (r, c) for r, row in enumerate(grid.values) for c in range(len(row))
        )
        if choice is None:
            _hide_all(grid)
            return
        grid.hidden[choice[0]][choice[1]] = True


def _first_exposed(
    grid: _Grid,
    lines: list[tuple[Node, list[Coord]]],
    primary: list[list[bool]],
    threshold: int,
    free: set[Coord],
) -> Coord | None:
    """A hidden cell pinned to one value once a reader also uses what the marks say: a
    "< 5" cell lies between 1 and 4, an "x" cell (a shown count was never small) is at
    least 5. The table's equations form a network matrix, so the bounds of the linear
    programme are whole numbers and different bounds mean at least two possible values."""
    hidden = grid.hidden_cells()
    if not hidden or not lines:
        return None
    index = {coord: i for i, coord in enumerate(hidden)}
    matrix, rhs = [], []
    for _node, coords in lines:
        *inner, total = coords
        row = [0.0] * len(hidden)
        constant = 0.0
        for coord, sign in [(x, 1.0) for x in inner] + [(total, -1.0)]:
            if coord in index:
                row[index[coord]] += sign
            else:
                constant -= sign * grid.value(coord)
        if any(row):
            matrix.append(row)
            rhs.append(constant)
    if not matrix:
        return None
    bounds: list[tuple[int, int | None]] = [
        (1, threshold - 1) if primary[r][c] else (threshold, None) for r, c in hidden
    ]
    for coord, i in index.items():
        if coord in free:
            continue
        if _pinned(i, grid.value(coord), matrix, rhs, bounds):
            return coord
        free.add(coord)
    return None


def _pinned(
    i: int,
    value: int,
    matrix: list[list[float]],
    rhs: list[float],
    bounds: list[tuple[int, int | None]],
) -> bool:
    """Whether the smallest and the largest value variable `i` can take are both `value`."""
    for direction in (1.0, -1.0):
        objective = [0.0] * len(bounds)
        objective[i] = direction
        result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=bounds, method="highs")
        if result.status != 0 or round(direction * result.fun) != value:
            return False  # unbounded, or another value is possible
    return True


def _hide_lonely(grid: _Grid, lines: list[tuple[Node, list[Coord]]]) -> bool:
    """Hide a second cell in every equation line with exactly one hidden cell."""
    changed = False
    for _node, coords in lines:
        if sum(grid.hidden[r][c] for r, c in coords) == 1:
            choice = grid.pick(coords)
            if choice is not None:
                grid.hidden[choice[0]][choice[1]] = True
                changed = True
    return changed


def _nodes_of(coord: Coord, equations: set[Node]) -> tuple[Node, Node]:
    row: Node = ("row", coord[0])
    col: Node = ("col", coord[1])
    return (row if row in equations else FREE, col if col in equations else FREE)


def _component(start: Node, edges: list[tuple[Node, Node]]) -> set[Node]:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        for a, b in edges:
            for here, there in ((a, b), (b, a)):
                if here == node and there not in seen:
                    seen.add(there)
                    todo.append(there)
    return seen


def _hide_bridges(grid: _Grid, lines: list[tuple[Node, list[Coord]]]) -> bool:
    """Hide a cell that closes a cycle through the first hidden cell that is a bridge."""
    equations = {node for node, _coords in lines}
    hidden = grid.hidden_cells()
    edges = [_nodes_of(coord, equations) for coord in hidden]
    for index, (a, b) in enumerate(edges):
        if a == b:
            continue  # a cell in no equation at all
        others = edges[:index] + edges[index + 1 :]
        side_a = _component(a, others)
        if b in side_a:
            continue
        side_b = _component(b, others)
        crossing = [
            (r, c)
            for r, row in enumerate(grid.values)
            for c, value in enumerate(row)
            if value is not None and _crosses(_nodes_of((r, c), equations), side_a, side_b)
        ]
        choice = grid.pick(crossing)
        if choice is None:  # nothing left to hide that helps: hide the whole table
            _hide_all(grid)
            return False
        grid.hidden[choice[0]][choice[1]] = True
        return True
    return False


def _crosses(nodes: tuple[Node, Node], side_a: set[Node], side_b: set[Node]) -> bool:
    first, second = nodes
    return (first in side_a and second in side_b) or (first in side_b and second in side_a)


def _hide_all(grid: _Grid) -> None:
    """The last resort: every non-zero count shows as "x", which says nothing about its size
    (with "< 5" marks, a table of small counts can be solved from the marks alone)."""
    grid.masked = True
    for r, row in enumerate(grid.values):
        for c, value in enumerate(row):
            if value:
                grid.hidden[r][c] = True


def _displayed(
    table: ReportTable, grid: _Grid, primary: list[list[bool]], threshold: int
) -> DisplayedTable:
    def cell(r: int, c: int) -> Cell:
        value = grid.value((r, c))
        if grid.masked and grid.hidden[r][c]:
            return Cell(SECONDARY_MARK, None, primary=primary[r][c], secondary=not primary[r][c])
        if primary[r][c]:
            return Cell(small_mark(threshold), None, primary=True)
        if grid.hidden[r][c]:
            return Cell(SECONDARY_MARK, None, secondary=True)
        return Cell(str(value), value)

    rows = [[cell(r, c) for c in range(grid.columns)] for r in range(grid.rows)]
    row_totals = [cell(r, grid.columns) for r in range(grid.rows)] if grid.has_row_totals else []
    column_totals = (
        [cell(grid.rows, c) for c in range(grid.columns)] if grid.has_column_totals else []
    )
    grand_total = (
        cell(grid.rows, grid.columns) if grid.has_row_totals and grid.has_column_totals else None
    )
    return DisplayedTable(
        table, threshold, rows, row_totals, column_totals, grand_total, masked=grid.masked
    )
