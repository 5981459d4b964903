"""The best degree-bounded subgraph of a bipartite graph (weighted b-matching), exactly.

Each pair is a 0/1 variable; each company and candidate bounds the sum of its pairs. The
constraint matrix is the incidence matrix of a bipartite graph, which is totally unimodular, so
the linear relaxation already has an integral optimum and HiGHS settles it at the root node.
We still ask for integrality (and a zero gap), so no rounding of a fractional vertex is needed.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array


class OptimumError(RuntimeError):
    """The solver did not return a proven optimum (a bug or a broken scipy, not bad input)."""


def best_subgraph(
    edges: Sequence[tuple[int, int, int]],
    left_bounds: Sequence[int],
    right_bounds: Sequence[int],
) -> tuple[list[int], int]:
    """Indices of the chosen edges and their total weight.

    ``edges`` are ``(left, right, weight)`` with positive weights; a vertex meets at most its
    bound of chosen edges.
    """
    usable = [
        i
        for i, (left, right, weight) in enumerate(edges)
        if weight > 0 and left_bounds[left] > 0 and right_bounds[right] > 0
    ]
    if not usable:
        return [], 0
    n_left = len(left_bounds)
    count = len(usable)
    rows = np.empty(2 * count, dtype=np.int64)
    rows[:count] = [edges[i][0] for i in usable]
    rows[count:] = [n_left + edges[i][1] for i in usable]
    columns = np.tile(np.arange(count, dtype=np.int64), 2)
    matrix = csr_array(
        (np.ones(2 * count), (rows, columns)), shape=(n_left + len(right_bounds), count)
    )
    upper = np.asarray([*left_bounds, *right_bounds], dtype=float)
    weights = np.asarray([edges[i][2] for i in usable], dtype=float)
    result = milp(
        -weights,
        constraints=LinearConstraint(matrix, -np.inf, upper),
        integrality=np.ones(count),
        bounds=Bounds(0, 1),
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.status != 0 or result.x is None:
        raise OptimumError(f"the optimiser gave up: {result.message}")
    values = np.asarray(result.x)
    chosen_mask = values > 0.5
    if np.abs(values - chosen_mask).max() > 1e-6:
        raise OptimumError("the solver returned a fractional schedule")
    chosen = [usable[i] for i in np.flatnonzero(chosen_mask).tolist()]
    total = sum(edges[i][2] for i in chosen)
    _check_bounds(edges, chosen, left_bounds, right_bounds)
    return chosen, total


def _check_bounds(
    edges: Sequence[tuple[int, int, int]],
    chosen: Sequence[int],
    left_bounds: Sequence[int],
    right_bounds: Sequence[int],
) -> None:
    left_degree = [0] * len(left_bounds)
    right_degree = [0] * len(right_bounds)
    for i in chosen:
        left_degree[edges[i][0]] += 1
        right_degree[edges[i][1]] += 1
    if any(d > b for d, b in zip(left_degree, left_bounds, strict=True)) or any(
        d > b for d, b in zip(right_degree, right_bounds, strict=True)
    ):
        raise OptimumError("the solver exceeded a degree bound")
