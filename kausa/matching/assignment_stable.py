"""Numba kernels for candidate-proposing deferred acceptance with place capacities.

Everything here works on flat arrays: a candidate's acceptable places are one CSR row of
``(indptr, places)``, and ``edge_rank[e]`` is the rank the place of edge ``e`` gives that
candidate (0 = best, -1 = the place does not list the candidate, so the pair is unacceptable).
"""

from __future__ import annotations

import numpy as np
from numba import njit
from numpy.typing import NDArray

_LOW_32_BITS = np.int64(0xFFFFFFFF)


@njit(cache=True)
def place_ranks_of_edges(
    cand_indptr: NDArray[np.int64],
    cand_places: NDArray[np.int32],
    place_indptr: NDArray[np.int64],
    place_cands: NDArray[np.int32],
    n_places: int,
) -> NDArray[np.int32]:
    """For every candidate edge (c, p): the position of c in p's list, or -1 if p omits c.

    Transposes the place lists once (counting sort by candidate) so each candidate's edges
    can be resolved against a small per-candidate scratch map instead of searching place lists.
    """
    n_cands = cand_indptr.size - 1
    # Transpose: for each candidate, the (place, rank) entries of the place lists naming it.
    t_indptr = np.zeros(n_cands + 1, np.int64)
    for k in range(place_cands.size):
        t_indptr[place_cands[k] + 1] += 1
    for c in range(n_cands):
        t_indptr[c + 1] += t_indptr[c]
    fill = t_indptr[:-1].copy()
    # One int64 per entry, place << 32 | rank: a single scattered write instead of two.
    t_entry = np.empty(place_cands.size, np.int64)
    for p in range(n_places):
        start = place_indptr[p]
        for k in range(start, place_indptr[p + 1]):
            c = place_cands[k]
            t_entry[fill[c]] = (np.int64(p) << 32) | (k - start)
            fill[c] += 1

    edge_rank = np.empty(cand_places.size, np.int32)
    rank_at_place = np.full(n_places, -1, np.int32)  # scratch, reset after each candidate
    for c in range(n_cands):
        for k in range(t_indptr[c], t_indptr[c + 1]):
            rank_at_place[t_entry[k] >> 32] = t_entry[k] & _LOW_32_BITS
        for e in range(cand_indptr[c], cand_indptr[c + 1]):
            edge_rank[e] = rank_at_place[cand_places[e]]
        for k in range(t_indptr[c], t_indptr[c + 1]):
            rank_at_place[t_entry[k] >> 32] = -1
    return edge_rank


@njit(cache=True)
def seats_needed(
    cand_places: NDArray[np.int32],
    edge_rank: NDArray[np.int32],
    capacities: NDArray[np.int32],
) -> NDArray[np.int32]:
    """Capacities capped at the number of candidates a place could ever hold (heap storage)."""
    acceptable = np.zeros(capacities.size, np.int32)
    for e in range(cand_places.size):
        if edge_rank[e] >= 0:
            acceptable[cand_places[e]] += 1
    return np.minimum(capacities, acceptable)


@njit(cache=True)
def _sift_down(heap: NDArray[np.int64], start: int, size: int) -> None:
    """Restore the max-heap heap[start:start+size] after its root was replaced."""
    i = 0
    key = heap[start]
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and heap[start + child + 1] > heap[start + child]:
            child += 1
        if heap[start + child] <= key:
            break
        heap[start + i] = heap[start + child]
        i = child
    heap[start + i] = key


@njit(cache=True)
def _sift_up(heap: NDArray[np.int64], start: int, i: int) -> None:
    key = heap[start + i]
    while i > 0:
        parent = (i - 1) // 2
        if heap[start + parent] >= key:
            break
        heap[start + i] = heap[start + parent]
        i = parent
    heap[start + i] = key


@njit(cache=True)
def deferred_acceptance(
    cand_indptr: NDArray[np.int64],
    cand_places: NDArray[np.int32],
    edge_rank: NDArray[np.int32],
    seats: NDArray[np.int32],
) -> NDArray[np.int64]:
    """Candidate-optimal stable matching; returns the matched edge per candidate (-1 = none).

    Each place keeps the candidates it holds in a max-heap keyed by ``rank << 32 | candidate``,
    so the root is the worst held candidate: a proposal is compared with the root only, and an
    eviction is one sift-down. Proposal order does not change the result (McVitie–Wilson), so
    an evicted candidate proposes again at once instead of going through a queue.
    """
    n_cands = cand_indptr.size - 1
    n_places = seats.size
    heap_start = np.empty(n_places + 1, np.int64)
    heap_start[0] = 0
    for p in range(n_places):
        heap_start[p + 1] = heap_start[p] + seats[p]
    heap = np.empty(heap_start[n_places], np.int64)
    held = np.zeros(n_places, np.int32)
    next_edge = cand_indptr[:-1].copy()
    matched_edge = np.full(n_cands, -1, np.int64)

    for first in range(n_cands):
        proposer = first
        while proposer >= 0:
            e = next_edge[proposer]
            end = cand_indptr[proposer + 1]
            displaced = -1
            while e < end:
                rank = edge_rank[e]
                e += 1
                if rank < 0:
                    continue
                p = cand_places[e - 1]
                size = held[p]
                start = heap_start[p]
                key = (np.int64(rank) << 32) | np.int64(proposer)
                if size < seats[p]:
                    heap[start + size] = key
                    held[p] = size + 1
                    _sift_up(heap, start, size)
                    matched_edge[proposer] = e - 1
                    break
                if size > 0 and key < heap[start]:
                    displaced = int(heap[start] & _LOW_32_BITS)
                    heap[start] = key
                    _sift_down(heap, start, size)
                    matched_edge[proposer] = e - 1
                    matched_edge[displaced] = -1
                    break
            next_edge[proposer] = e
            proposer = displaced
    return matched_edge


# Deferred acceptance when both sides rank by score (the app's matching run). No list is
# sorted up front: a candidate's proposals come in batches, each the best pairs below the
# last one proposed: the best 4, found by one scan of the row, then the next 16 the same way,
# then the rest of the row sorted. Most candidates are placed within the first batch, so most
# rows are read once. Places compare proposers by (score, lottery) directly, so no place list
# and no rank array is built.
# Orders (strict, "better" first):
#   candidate: higher score, then lower place lottery number, then lower edge index;
#   place: higher score, then lower candidate lottery number.

_FIRST_BATCH = 4
_SECOND_BATCH = 16
_REST = -1  # batch size: the rest of the row


@njit(cache=True)
def _cand_prefers(
    scores: NDArray[np.float64],
    cand_places: NDArray[np.int32],
    place_lottery: NDArray[np.int64],
    a: int,
    b: int,
) -> bool:
    """Whether the candidate ranks edge a above edge b (both in the candidate's row)."""
    if scores[a] != scores[b]:
        return bool(scores[a] > scores[b])
    la, lb = place_lottery[cand_places[a]], place_lottery[cand_places[b]]
    if la != lb:
        return bool(la < lb)
    return a < b


@njit(cache=True)
def _place_worse(score_a: float, lot_a: int, score_b: float, lot_b: int) -> bool:
    """Whether a place ranks proposer a strictly below proposer b."""
    if score_a != score_b:
        return score_a < score_b
    return lot_a > lot_b


@njit(cache=True)
def _select_batch(
    lo: int,
    hi: int,
    last: int,
    size: int,
    scores: NDArray[np.float64],
    cand_places: NDArray[np.int32],
    place_lottery: NDArray[np.int64],
    out: NDArray[np.int64],
    at: int,
) -> int:
    """Write the best ``size`` scored edges of the row [lo, hi) ranked below edge ``last``
    (-1: from the top) to out[at:], best first; return how many there were."""
    count = 0
    last_score = scores[last] if last >= 0 else np.inf
    worst_score = np.inf  # of the batch so far, once it is full
    for e in range(lo, hi):
        score = scores[e]
        if not score <= last_score:  # ranked above `last`, or NaN
            continue
        if (
            score == last_score
            and last >= 0
            and not _cand_prefers(scores, cand_places, place_lottery, last, e)
        ):
            continue
        if count == size:
            if score < worst_score:
                continue
            if not _cand_prefers(scores, cand_places, place_lottery, e, out[at + count - 1]):
                continue
            count -= 1  # the worst of the batch drops out
        i = at + count
        while i > at and _cand_prefers(scores, cand_places, place_lottery, e, out[i - 1]):
            out[i] = out[i - 1]
            i -= 1
        out[i] = e
        count += 1
        if count == size:
            worst_score = scores[out[at + count - 1]]
    return count


@njit(cache=True)
def _sort_rest(
    lo: int,
    hi: int,
    last: int,
    scores: NDArray[np.float64],
    cand_places: NDArray[np.int32],
    place_lottery: NDArray[np.int64],
    out: NDArray[np.int64],
    at: int,
) -> int:
    """Write every scored edge of the row ranked below ``last`` to out[at:], best first."""
    count = 0
    for e in range(lo, hi):
        if not np.isnan(scores[e]) and _cand_prefers(scores, cand_places, place_lottery, last, e):
            out[at + count] = e
            count += 1
    rest = out[at : at + count]
    keys = np.empty(count, np.float64)
    for i in range(count):
        keys[i] = -scores[rest[i]]
    rest[:] = rest[np.argsort(keys)]
    # Equal scores: order by lottery and edge (insertion sort; such runs are short).
    for i in range(1, count):
        e = rest[i]
        j = i
        while j > 0 and _cand_prefers(scores, cand_places, place_lottery, e, rest[j - 1]):
            rest[j] = rest[j - 1]
            j -= 1
        rest[j] = e
    return count


@njit(cache=True)
def _next_batch(
    lo: int,
    hi: int,
    last: int,
    previous: int,
    scores: NDArray[np.float64],
    cand_places: NDArray[np.int32],
    place_lottery: NDArray[np.int64],
    pool: NDArray[np.int64],
    pool_used: int,
) -> tuple[NDArray[np.int64], int, int, bool]:
    """The batch after one of size ``previous`` ending at edge ``last``, written to
    pool[pool_used:] (the pool grows if needed): (pool, edges written, size, row exhausted)."""
    size = _SECOND_BATCH if previous == _FIRST_BATCH else _REST
    need = hi - lo if size == _REST else size
    if pool_used + need > pool.size:
        grown = np.empty(max(2 * pool.size, pool_used + need), np.int64)
        grown[:pool_used] = pool[:pool_used]
        pool = grown
    if size == _REST:
        got = _sort_rest(lo, hi, last, scores, cand_places, place_lottery, pool, pool_used)
        return pool, got, size, True
    got = _select_batch(lo, hi, last, size, scores, cand_places, place_lottery, pool, pool_used)
    return pool, got, size, got < size


@njit(cache=True)
def _heap_sift_down(
    h_score: NDArray[np.float64],
    h_lot: NDArray[np.int64],
    h_cand: NDArray[np.int32],
    start: int,
    size: int,
) -> None:
    """Restore the heap (worst proposer at the root) after its root was replaced."""
    i = 0
    score, lot, cand = h_score[start], h_lot[start], h_cand[start]
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        c = start + child
        if child + 1 < size and _place_worse(h_score[c + 1], h_lot[c + 1], h_score[c], h_lot[c]):
            c += 1
            child += 1
        if not _place_worse(h_score[c], h_lot[c], score, lot):
            break
        h_score[start + i], h_lot[start + i], h_cand[start + i] = h_score[c], h_lot[c], h_cand[c]
        i = child
    h_score[start + i], h_lot[start + i], h_cand[start + i] = score, lot, cand


@njit(cache=True)
def _heap_sift_up(
    h_score: NDArray[np.float64],
    h_lot: NDArray[np.int64],
    h_cand: NDArray[np.int32],
    start: int,
    i: int,
) -> None:
    score, lot, cand = h_score[start + i], h_lot[start + i], h_cand[start + i]
    while i > 0:
        parent = (i - 1) // 2
        q = start + parent
        if not _place_worse(score, lot, h_score[q], h_lot[q]):
            break
        h_score[start + i], h_lot[start + i], h_cand[start + i] = h_score[q], h_lot[q], h_cand[q]
        i = parent
    h_score[start + i], h_lot[start + i], h_cand[start + i] = score, lot, cand


@njit(cache=True)
def deferred_acceptance_by_scores(
    cand_indptr: NDArray[np.int64],
    cand_places: NDArray[np.int32],
    scores: NDArray[np.float64],
    capacities: NDArray[np.int32],
    cand_lottery: NDArray[np.int64],
    place_lottery: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Candidate-optimal stable matching when both sides rank every scored pair by score
    (NaN = no pair); returns the matched edge per candidate (-1 = none)."""
    n_cands = cand_indptr.size - 1
    n_places = capacities.size
    heap_start = np.empty(n_places + 1, np.int64)
    heap_start[0] = 0
    for p in range(n_places):
        heap_start[p + 1] = heap_start[p] + min(capacities[p], n_cands)
    h_score = np.empty(heap_start[n_places], np.float64)
    h_lot = np.empty(heap_start[n_places], np.int64)
    h_cand = np.empty(heap_start[n_places], np.int32)
    held = np.zeros(n_places, np.int64)
    # A candidate's current batch is pool[cursor:batch_end]; batch_size 0 = none read yet.
    cursor = np.zeros(n_cands, np.int64)
    batch_end = np.zeros(n_cands, np.int64)
    batch_size = np.zeros(n_cands, np.int64)
    exhausted = np.zeros(n_cands, np.bool_)
    pool = np.empty(max(64, 2 * _FIRST_BATCH * n_cands), np.int64)
    # Everyone's first batch in one sequential pass over the rows (cache- and prefetch-friendly).
    for c in range(n_cands):
        at = _FIRST_BATCH * c
        got = _select_batch(
            cand_indptr[c],
            cand_indptr[c + 1],
            -1,
            _FIRST_BATCH,
            scores,
            cand_places,
            place_lottery,
            pool,
            at,
        )
        cursor[c], batch_end[c], batch_size[c] = at, at + got, _FIRST_BATCH
        exhausted[c] = got < _FIRST_BATCH
    pool_used = _FIRST_BATCH * n_cands
    matched_edge = np.full(n_cands, -1, np.int64)

    for first in range(n_cands):
        proposer = first
        while proposer >= 0:
            displaced = -1
            while True:
                if cursor[proposer] == batch_end[proposer]:
                    if exhausted[proposer]:
                        break
                    lo, hi = cand_indptr[proposer], cand_indptr[proposer + 1]
                    pool, got, size, exhausted[proposer] = _next_batch(
                        lo,
                        hi,
                        pool[batch_end[proposer] - 1],
                        batch_size[proposer],
                        scores,
                        cand_places,
                        place_lottery,
                        pool,
                        pool_used,
                    )
                    batch_size[proposer] = size
                    if got == 0:
                        break
                    cursor[proposer] = pool_used
                    batch_end[proposer] = pool_used + got
                    pool_used += got
                e = pool[cursor[proposer]]
                cursor[proposer] += 1
                p = cand_places[e]
                start = heap_start[p]
                seats = heap_start[p + 1] - start
                held_now = held[p]
                score, lot = scores[e], cand_lottery[proposer]
                if held_now < seats:
                    h_score[start + held_now], h_lot[start + held_now] = score, lot
                    h_cand[start + held_now] = proposer
                    held[p] = held_now + 1
                    _heap_sift_up(h_score, h_lot, h_cand, start, held_now)
                    matched_edge[proposer] = e
                    break
                if seats > 0 and _place_worse(h_score[start], h_lot[start], score, lot):
                    displaced = h_cand[start]
                    h_score[start], h_lot[start], h_cand[start] = score, lot, proposer
                    _heap_sift_down(h_score, h_lot, h_cand, start, held_now)
                    matched_edge[proposer] = e
                    matched_edge[displaced] = -1
                    break
            proposer = displaced
    return matched_edge
