"""Compiled loops (numba) of ``topk.py``: per-person ranking and greedy capped top-k.

Order of pairs everywhere: higher score first; equal scores by lower person index, then by
lower place index. This strict order makes every result deterministic.
"""

from __future__ import annotations

import numba
import numpy as np

_LOW_32_BITS = np.uint64(0xFFFFFFFF)
_NEGATIVE_ZERO = np.uint64(0x80000000)


@numba.njit(cache=True)
def _order_tie_by_place(keys, first, last, places, start):
    """Reorder keys[first:last] (one score, offsets in the low bits) by place ascending."""
    score_part = keys[first] & ~_LOW_32_BITS
    by_place = np.empty(last - first, dtype=np.uint64)
    for i in range(first, last):
        offset = keys[i] & _LOW_32_BITS
        by_place[i - first] = (np.uint64(places[start + offset]) << np.uint64(32)) | offset
    by_place.sort()
    for i in range(first, last):
        keys[i] = score_part | (by_place[i - first] & _LOW_32_BITS)


@numba.njit(cache=True, parallel=True)
def rank_segments(indptr, places, score_bits, order):
    """Per person, the permutation of its pairs by score descending, then place ascending.

    ``score_bits`` are the float32 scores viewed as uint32: for scores >= 0 the bit patterns
    order like the values. One uint64 key per pair (inverted score bits, position in the
    person's list) sorts by value (faster than an argsort); runs of equal scores are then
    put in place order. Writes global pair positions, person by person, into ``order``
    (int32 when they fit: at 100 million pairs that halves the largest array of the batch).
    """
    for person in numba.prange(len(indptr) - 1):
        start, end = indptr[person], indptr[person + 1]
        keys = np.empty(end - start, dtype=np.uint64)
        for i in range(end - start):
            bits = np.uint64(score_bits[start + i])
            if bits == _NEGATIVE_ZERO:
                bits = np.uint64(0)
            keys[i] = ((_LOW_32_BITS - bits) << np.uint64(32)) | np.uint64(i)
        keys.sort()
        run_start = 0
        for i in range(end - start + 1):
            if i < end - start and (keys[i] >> np.uint64(32)) == (keys[run_start] >> np.uint64(32)):
                continue
            if i - run_start > 1:
                _order_tie_by_place(keys, run_start, i, places, start)
            run_start = i
        for i in range(end - start):
            order[start + i] = start + (keys[i] & _LOW_32_BITS)


@numba.njit(cache=True)
def _worse(score_a, person_a, score_b, person_b):
    """Whether a pair (score_a, person_a) ranks below (score_b, person_b) at one place."""
    return score_a < score_b or (score_a == score_b and person_a > person_b)


@numba.njit(cache=True)
def _sift_down(heap_score, heap_person, heap_position, base, size, i):
    # Min-heap on rank: the root is the pair the place would drop first.
    while True:
        smallest = i
        for child in (2 * i + 1, 2 * i + 2):
            if child < size and _worse(
                heap_score[base + child],
                heap_person[base + child],
                heap_score[base + smallest],
                heap_person[base + smallest],
            ):
                smallest = child
        if smallest == i:
            return
        a, b = base + i, base + smallest
        heap_score[a], heap_score[b] = heap_score[b], heap_score[a]
        heap_person[a], heap_person[b] = heap_person[b], heap_person[a]
        heap_position[a], heap_position[b] = heap_position[b], heap_position[a]
        i = smallest


@numba.njit(cache=True)
def _sift_up(heap_score, heap_person, heap_position, base, i):
    while i > 0:
        parent = (i - 1) // 2
        a, b = base + i, base + parent
        if not _worse(heap_score[a], heap_person[a], heap_score[b], heap_person[b]):
            return
        heap_score[a], heap_score[b] = heap_score[b], heap_score[a]
        heap_person[a], heap_person[b] = heap_person[b], heap_person[a]
        heap_position[a], heap_position[b] = heap_position[b], heap_position[a]
        i = parent


@numba.njit(cache=True)
def capped_top_k(indptr, ranked, pair_place, scores, capacity, limit, skip):
    """Indices into ``ranked`` of the pairs kept when person p takes at most ``limit[p]``
    pairs and place q at most ``capacity[q]`` (unsorted; sorted they are person by person,
    best first). ``pair_place`` is the place of each rank index (``places[ranked]``, read in
    order); pairs with ``skip[rank index]`` set are not proposed.

    Person-proposing deferred acceptance: each person proposes down its ranked list
    (``ranked`` from :func:`rank_segments`); each place holds its ``capacity`` best proposals
    and drops the worst when a better one comes. With one score per pair for both sides the
    result is unique and equals the greedy "highest-scoring pair first" rule, so the order in
    which people propose does not matter.
    """
    people = len(indptr) - 1
    slots = np.zeros(len(capacity) + 1, dtype=np.int64)
    slots[1:] = np.cumsum(capacity)
    heap_score = np.empty(slots[-1], dtype=np.float32)
    heap_person = np.empty(slots[-1], dtype=np.int64)
    heap_position = np.empty(slots[-1], dtype=np.int64)
    size = np.zeros(len(capacity), dtype=np.int64)
    # Score a proposal must reach to be looked at: -inf while the place has room, else its
    # worst held score. A small array that stays in cache, so most rejections are cheap.
    threshold = np.where(capacity > 0, -np.inf, np.inf).astype(np.float32)
    next_rank = indptr[:-1].copy()
    held = np.zeros(people, dtype=np.int64)
    queued = np.ones(people, dtype=np.bool_)
    stack = np.arange(people - 1, -1, -1)
    top = people
    while top > 0:
        top -= 1
        person = stack[top]
        queued[person] = False
        end = indptr[person + 1]
        while held[person] < limit[person] and next_rank[person] < end:
            rank_index = next_rank[person]
            next_rank[person] += 1
            if skip[rank_index]:
                continue
            place = pair_place[rank_index]
            score = scores[ranked[rank_index]]
            if score < threshold[place]:
                continue
            base = slots[place]
            if size[place] < capacity[place]:
                i = size[place]
                heap_score[base + i] = score
                heap_person[base + i] = person
                heap_position[base + i] = rank_index
                size[place] += 1
                _sift_up(heap_score, heap_person, heap_position, base, i)
                held[person] += 1
                if size[place] == capacity[place]:
                    threshold[place] = heap_score[base]
            elif _worse(heap_score[base], heap_person[base], score, person):
                dropped = heap_person[base]
                heap_score[base] = score
                heap_person[base] = person
                heap_position[base] = rank_index
                _sift_down(heap_score, heap_person, heap_position, base, size[place], 0)
                threshold[place] = heap_score[base]
                held[person] += 1
                held[dropped] -= 1
                if not queued[dropped]:
                    queued[dropped] = True
                    stack[top] = dropped
                    top += 1
    kept = np.empty(int(size.sum()), dtype=np.int64)
    n = 0
    for place in range(len(capacity)):
        for i in range(size[place]):
            kept[n] = heap_position[slots[place] + i]
            n += 1
    return kept


@numba.njit(cache=True)
def first_k_per_segment(indptr, ranked, k):
    """The first k ranked positions of every person, and the new indptr."""
    counts = np.minimum(indptr[1:] - indptr[:-1], k)
    new_indptr = np.zeros(len(indptr), dtype=np.int64)
    new_indptr[1:] = np.cumsum(counts)
    kept = np.empty(new_indptr[-1], dtype=np.int64)
    for person in range(len(indptr) - 1):
        for i in range(counts[person]):
            kept[new_indptr[person] + i] = ranked[indptr[person] + i]
    return new_indptr, kept
