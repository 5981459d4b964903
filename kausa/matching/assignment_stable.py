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
