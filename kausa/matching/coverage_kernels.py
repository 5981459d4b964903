# mypy: disallow-untyped-defs=False, disallow-untyped-decorators=False, disallow-any-generics=False
"""Compiled loops (numba) of ``coverage.py``: a b-matching grown by augmenting paths.

The graph is bipartite: people on one side, places on the other, one arc per candidate pair
(capacity 1). Pairs are addressed by their *rank index*: the position in the person-by-person,
best-first order of :func:`kausa.matching.topk.rank_candidates`, so a person's pairs are
always visited best first.

State, shared by all calls (changed in place):

* ``taken[r]``: pair r is allocated;
* ``assigned[p]``: pairs allocated to person p; ``load[q]``: pairs allocated to place q;
* ``slot_person`` / ``slot_pair``: the allocated pairs of place q, in
  ``slot_start[q] : slot_start[q] + load[q]`` (``slot_start`` sized for the largest capacity
  ever used), so a place lists its people without a scan of all its candidate pairs.

:func:`augment` raises the allocation to a maximum one for the given per-person targets and
per-place capacities, on the pairs ``starts[p] : ends[p]`` of every person (Hopcroft-Karp
phases: a breadth-first search layers the graph from all people below their target, then
depth-first searches with current-arc pointers find a blocking set of shortest augmenting
paths). A path starts at a person below target and ends
at a place with room or at a person above target, who gives a place up. Nobody below target
loses a pair, so people covered before a call stay covered. Every loop runs in index order:
same input, same result.
"""

from __future__ import annotations

import numba
import numpy as np

_UNSEEN = -1
_DEAD = -2


@numba.njit(cache=True)
def _take(r, person, place, taken, assigned, load, slot_start, slot_person, slot_pair):
    taken[r] = True
    s = slot_start[place] + load[place]
    slot_person[s] = person
    slot_pair[s] = r
    load[place] += 1
    assigned[person] += 1


@numba.njit(cache=True)
def take_pairs(
    pairs, indptr, pair_place, taken, assigned, load, slot_start, slot_person, slot_pair
):
    """Allocate the given rank indices, ascending (the caller ensures the limits hold)."""
    person = 0
    for r in pairs:
        while indptr[person + 1] <= r:
            person += 1
        _take(
            r,
            person,
            pair_place[r],
            taken,
            assigned,
            load,
            slot_start,
            slot_person,
            slot_pair,
        )


@numba.njit(cache=True)
def fill_free(
    order,
    starts,
    ends,
    pair_place,
    target,
    capacity,
    taken,
    assigned,
    load,
    slot_start,
    slot_person,
    slot_pair,
):
    """Person by person in ``order``, best pair first: take pairs whose place has room, up to
    the target.

    A cheap start for :func:`augment` (most people find room directly); returns pairs taken.
    """
    added = 0
    for person in order:
        r = starts[person]
        end = ends[person]
        while assigned[person] < target[person] and r < end:
            place = pair_place[r]
            if not taken[r] and load[place] < capacity[place]:
                _take(r, person, place, taken, assigned, load, slot_start, slot_person, slot_pair)
                added += 1
            r += 1
    return added


@numba.njit(cache=True)
def _layers(
    starts,
    ends,
    pair_place,
    target,
    capacity,
    taken,
    assigned,
    load,
    slot_start,
    slot_person,
    dist_p,
    dist_q,
    queue,
):
    """Breadth-first layers from all people below target; the layer of the nearest end of
    an augmenting path (a place with room, odd; a person above target, even), or -1."""
    dist_p[:] = _UNSEEN
    dist_q[:] = _UNSEEN
    tail = 0
    for person in range(len(starts)):
        if assigned[person] < target[person]:
            dist_p[person] = 0
            queue[tail] = person
            tail += 1
    limit = -1
    head = 0
    while head < tail:
        person = queue[head]
        head += 1
        d = dist_p[person]
        if limit >= 0 and d >= limit:
            break
        for r in range(starts[person], ends[person]):
            if taken[r]:
                continue
            place = pair_place[r]
            if dist_q[place] != _UNSEEN:
                continue
            dist_q[place] = d + 1
            if load[place] < capacity[place]:
                if limit < 0:
                    limit = d + 1
                continue
            if limit < 0 or d + 1 < limit:
                tail, limit = _label_holders(
                    place,
                    d + 2,
                    limit,
                    target,
                    assigned,
                    load,
                    slot_start,
                    slot_person,
                    dist_p,
                    queue,
                    tail,
                )
    return limit


@numba.njit(cache=True)
def _label_holders(
    place, layer, limit, target, assigned, load, slot_start, slot_person, dist_p, queue, tail
):
    """Put the unseen people holding ``place`` in ``layer``: people above target end a path,
    the others are queued."""
    for s in range(slot_start[place], slot_start[place] + load[place]):
        other = slot_person[s]
        if dist_p[other] == _UNSEEN:
            dist_p[other] = layer
            if assigned[other] > target[other]:
                if limit < 0:
                    limit = layer
            else:
                queue[tail] = other
                tail += 1
    return tail, limit


@numba.njit(cache=True)
def _flip(depth, taken, slot_person, slot_pair, path_person, path_pair, path_slot):
    # Each place on the path swaps the person it drops for the one before it on the path.
    for i in range(depth):
        s = path_slot[i]
        taken[slot_pair[s]] = False
        taken[path_pair[i]] = True
        slot_person[s] = path_person[i]
        slot_pair[s] = path_pair[i]


@numba.njit(cache=True)
def _augment_from(
    start,
    limit,
    ends,
    target,
    pair_place,
    capacity,
    taken,
    assigned,
    load,
    slot_start,
    slot_person,
    slot_pair,
    dist_p,
    dist_q,
    next_pair,
    next_slot,
    path_person,
    path_pair,
    path_slot,
):
    """One shortest augmenting path from ``start`` in the layered graph; whether one was found."""
    depth = 0
    path_person[0] = start
    while depth >= 0:
        person = path_person[depth]
        moved = False
        while next_pair[person] < ends[person]:
            r = next_pair[person]
            place = pair_place[r]
            if taken[r] or dist_q[place] != dist_p[person] + 1:
                next_pair[person] += 1
                continue
            if load[place] < capacity[place]:
                # Ends at a place with room: it takes one more.
                _flip(depth, taken, slot_person, slot_pair, path_person, path_pair, path_slot)
                _take(r, person, place, taken, assigned, load, slot_start, slot_person, slot_pair)
                assigned[person] -= 1  # only the first person gains a pair
                assigned[start] += 1
                return True
            if dist_q[place] >= limit:
                next_pair[person] += 1  # a full place in the last layer leads nowhere
                continue
            while next_slot[place] < load[place]:
                s = slot_start[place] + next_slot[place]
                other = slot_person[s]
                if dist_p[other] == dist_q[place] + 1:
                    path_pair[depth] = r
                    path_slot[depth] = s
                    if assigned[other] > target[other]:
                        # Ends at a person above target, who gives this place up.
                        _flip(
                            depth + 1,
                            taken,
                            slot_person,
                            slot_pair,
                            path_person,
                            path_pair,
                            path_slot,
                        )
                        assigned[other] -= 1
                        assigned[start] += 1
                        return True
                    depth += 1
                    path_person[depth] = other
                    moved = True
                    break
                next_slot[place] += 1
            if moved:
                break
            dist_q[place] = _DEAD
            next_pair[person] += 1
        if moved:
            continue
        dist_p[person] = _DEAD
        depth -= 1
        if depth >= 0:
            next_slot[pair_place[path_pair[depth]]] += 1
    return False


@numba.njit(cache=True)
def augment(
    starts,
    ends,
    pair_place,
    target,
    capacity,
    taken,
    assigned,
    load,
    slot_start,
    slot_person,
    slot_pair,
):
    """Raise the allocation, for ``target`` per person and ``capacity`` per place, to one
    that maximises the pairs counted up to each person's target; returns (augmenting paths,
    phases). Nobody below target loses a pair; a person above target may give pairs up to
    people below theirs, never going below target."""
    people = len(starts)
    places = len(capacity)
    dist_p = np.empty(people, dtype=np.int32)
    dist_q = np.empty(places, dtype=np.int32)
    queue = np.empty(people, dtype=np.int64)
    next_pair = np.empty(people, dtype=np.int64)
    next_slot = np.empty(places, dtype=np.int64)
    path_person = np.empty(people + 1, dtype=np.int64)
    path_pair = np.empty(people + 1, dtype=np.int64)
    path_slot = np.empty(people + 1, dtype=np.int64)
    added = 0
    phases = 0
    while True:
        limit = _layers(
            starts,
            ends,
            pair_place,
            target,
            capacity,
            taken,
            assigned,
            load,
            slot_start,
            slot_person,
            dist_p,
            dist_q,
            queue,
        )
        if limit < 0:
            break
        phases += 1
        next_pair[:] = starts
        next_slot[:] = 0
        found = 0
        for person in range(people):
            if dist_p[person] != 0:
                continue
            while assigned[person] < target[person] and _augment_from(
                person,
                limit,
                ends,
                target,
                pair_place,
                capacity,
                taken,
                assigned,
                load,
                slot_start,
                slot_person,
                slot_pair,
                dist_p,
                dist_q,
                next_pair,
                next_slot,
                path_person,
                path_pair,
                path_slot,
            ):
                found += 1
        added += found
        if found == 0:
            break
    return added, phases
