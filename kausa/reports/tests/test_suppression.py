"""Small-cell suppression: no suppressed value can be derived from what a table shows.

The proof is by brute force on small random tables: for every suppressed cell, every other
value it could take is tried, and a search looks for values of the other hidden cells that
agree with every shown cell and every shown total. At least one must be found. The search
runs twice: with any value from 0 to the largest count plus one, and with what the marks
tell a reader (a "< 5" cell holds 1 to 4, an "x" cell at least 5).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kausa.reports.suppression import SECONDARY_MARK, Cell, DisplayedTable, suppress
from kausa.reports.tables import ReportTable

THRESHOLD = 5


def make_table(
    cells: list[list[int]], *, rows: bool = True, columns: bool = True, persons: bool = True
) -> ReportTable:
    return ReportTable(
        key="test.table",
        title="Test",
        row_header="Zeile",
        row_labels=[f"R{r}" for r in range(len(cells))],
        column_labels=[f"S{c}" for c in range(len(cells[0]))],
        cells=cells,
        person_counts=persons,
        row_totals=rows,
        column_totals=columns,
    )


def extended(shown: DisplayedTable) -> list[list[int | None]]:
    """The displayed table as one grid (None = suppressed), totals in the last row/column."""
    grid: list[list[int | None]] = [[cell.value for cell in row] for row in shown.rows]
    if shown.row_totals:
        for row, total in zip(grid, shown.row_totals, strict=True):
            row.append(total.value)
    if shown.column_totals:
        last = [cell.value for cell in shown.column_totals]
        if shown.grand_total is not None:
            last.append(shown.grand_total.value)
        grid.append(last)
    return grid


def true_extended(table: ReportTable) -> list[list[int]]:
    grid = [list(row) for row in table.cells]
    if table.row_totals:
        for row in grid:
            row.append(sum(row))
    if table.column_totals:
        width = len(grid[0])
        grid.append([sum(row[c] for row in grid) for c in range(width)])
    return grid


def equations(table: ReportTable, height: int, width: int) -> list[list[tuple[int, int]]]:
    """Lines whose last cell is the sum of the others."""
    found = []
    inner_rows, inner_columns = len(table.cells), len(table.column_labels)
    if table.row_totals:
        for r in range(height if table.column_totals else inner_rows):
            found.append([(r, c) for c in range(width)])
    if table.column_totals:
        for c in range(width if table.row_totals else inner_columns):
            found.append([(r, c) for r in range(height)])
    return found


def consistent(values: dict[tuple[int, int], int], lines: list[list[tuple[int, int]]]) -> bool:
    """No line that is complete breaks its sum, no partial sum exceeds a known total."""
    for line in lines:
        *inner, total = line
        known = [values[x] for x in inner if x in values]
        if total in values and sum(known) > values[total]:
            return False
        if total in values and len(known) == len(inner) and sum(known) != values[total]:
            return False
    return True


def marks(shown: DisplayedTable) -> list[list[Cell]]:
    grid = [list(row) for row in shown.rows]
    if shown.row_totals:
        for row, total in zip(grid, shown.row_totals, strict=True):
            row.append(total)
    if shown.column_totals:
        grid.append(
            shown.column_totals + ([shown.grand_total] if shown.grand_total is not None else [])
        )
    return grid


def another_solution_exists(
    table: ReportTable, shown: DisplayedTable, target: tuple[int, int], *, use_marks: bool
) -> bool:
    """Whether the hidden cells can take values 0..max+1 (with `use_marks`: within what
    their marks say) that agree with everything shown and give `target` a value other than
    its true one."""
    truth = true_extended(table)
    grid = extended(shown)
    height, width = len(grid), len(grid[0])
    lines = equations(table, height, width)
    limit = max(max(row) for row in truth) + 1
    cells = marks(shown)

    def possible(x: tuple[int, int]) -> range:
        if not use_marks:
            return range(limit + 1)
        if shown.masked:
            return range(1, limit + 1)
        if cells[x[0]][x[1]].primary:
            return range(1, THRESHOLD)
        return range(THRESHOLD, limit + 1)

    fixed = {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row) if v is not None}
    hidden = [(r, c) for r in range(height) for c in range(width) if grid[r][c] is None]
    others = [x for x in hidden if x != target]
    true_value = truth[target[0]][target[1]]

    def search(values: dict[tuple[int, int], int], rest: list[tuple[int, int]]) -> bool:
        if not consistent(values, lines):
            return False
        if not rest:
            return True
        here, *tail = rest
        true_here = truth[here[0]][here[1]]
        order = sorted(possible(here), key=lambda v: abs(v - true_here))
        return any(search({**values, here: v}, tail) for v in order)

    return any(
        search({**fixed, target: value}, others)
        for value in possible(target)
        if value != true_value
    )


def assert_nothing_derivable(table: ReportTable, only: set[tuple[int, int]] | None = None) -> None:
    shown = suppress(table, THRESHOLD)
    grid = extended(shown)
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value is None and (only is None or (r, c) in only):
                for use_marks in (False, True):
                    assert another_solution_exists(table, shown, (r, c), use_marks=use_marks), (
                        table.cells,
                        table.row_totals,
                        table.column_totals,
                        (r, c),
                        use_marks,
                    )


counts = st.sampled_from([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12])


@st.composite
def tables(draw: st.DrawFn) -> ReportTable:
    # Up to six inner cells: a 3x3 table with both totals can take the search half a minute.
    height = draw(st.integers(1, 3))
    width = draw(st.integers(1, 2 if height == 3 else 3))
    cells = [[draw(counts) for _ in range(width)] for _ in range(height)]
    return make_table(cells, rows=draw(st.booleans()), columns=draw(st.booleans()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_suppressed_value_can_be_derived(table):
    assert_nothing_derivable(table)


@settings(max_examples=200, deadline=None)
@given(tables())
def test_small_counts_never_show_and_large_ones_are_kept_or_hidden(table):
    shown = suppress(table, THRESHOLD)
    for row, cells in zip(table.cells, shown.rows, strict=True):
        for value, cell in zip(row, cells, strict=True):
            if 0 < value < THRESHOLD:
                assert cell.text == ("x" if shown.masked else "< 5") and cell.value is None
            elif cell.value is not None:
                assert cell.text == str(value) == str(cell.value)
            else:
                assert cell.text == SECONDARY_MARK


def test_a_count_next_to_a_single_small_one_is_not_pinned_by_the_marks():
    """1 and 5 above a total of 6: "< 5" and "x" alone would give 1 and 5 away."""
    assert_nothing_derivable(make_table([[1], [5]], rows=False))


def test_a_table_of_small_counts_that_the_marks_would_solve_shows_only_x():
    """Four cells of 1 under a grand total "< 5": each must be 1. So every count shows "x"."""
    table = make_table([[1, 1], [1, 1]])
    shown = suppress(table, THRESHOLD)
    assert shown.masked and {cell.text for row in shown.rows for cell in row} == {"x"}
    assert_nothing_derivable(table)


def test_a_single_small_cell_per_row_gets_a_second_cell_suppressed():
    table = make_table([[3, 10, 20], [12, 2, 30], [40, 50, 60]])
    shown = suppress(table, THRESHOLD)
    texts = [[cell.text for cell in row] for row in shown.rows]
    assert texts[0][0] == "< 5" and texts[1][1] == "< 5"
    for row in shown.rows:
        hidden = [cell for cell in row if cell.suppressed]
        assert len(hidden) != 1
    # The smallest non-zero neighbours are the secondary ones.
    assert shown.rows[0][1].secondary and shown.rows[1][0].secondary
    assert_nothing_derivable(table)


def test_dumbbell_patterns_are_broken_up():
    """Two protected blocks joined by a single hidden cell: it would be a bridge."""
    table = make_table(
        [
            [2, 3, 0, 0],
            [3, 2, 4, 0],
            [0, 0, 2, 3],
            [0, 0, 3, 2],
        ]
    )
    assert suppress(table, THRESHOLD).rows[1][2].primary
    # The cell joining the blocks (the search over all hidden cells of a 5x5 grid is slow).
    assert_nothing_derivable(table, only={(1, 2)})


def test_small_totals_are_suppressed_too():
    table = make_table([[1, 2], [0, 1]])
    shown = suppress(table, THRESHOLD)
    assert all(cell.text in {"< 5", "0", SECONDARY_MARK} for cell in shown.row_totals)
    assert shown.grand_total is not None and shown.grand_total.text == "< 5"


def test_tables_of_events_are_not_suppressed():
    table = make_table([[1, 2], [3, 40]], persons=False)
    shown = suppress(table, THRESHOLD)
    assert [[cell.text for cell in row] for row in shown.rows] == [["1", "2"], ["3", "40"]]
    assert not shown.any_suppressed


def test_the_threshold_is_configurable():
    table = make_table([[7, 20], [30, 40]])
    assert suppress(table, 10).rows[0][0].text == "< 10"
    assert suppress(table, 5).rows[0][0].text == "7"
