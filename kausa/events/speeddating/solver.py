"""The speed dating schedule: who meets whom in which round.

Objective: 2 per mutual meeting, 1 per one-sided one, maximised, subject to one partner per
round and side, no meeting in an unavailable round, each pair at most once, only wished-for
pairs, and at most ``max_meetings_per_candidate`` meetings per candidate.

1. Choose the meetings: the best subgraph in which a company meets at most as many candidates
   as it has available rounds and a candidate at most ``min(available rounds, cap)``
   companies (exact, see ``optimum``). Its weight is ``upper_bound``: every valid schedule is
   such a subgraph. Pairs without a common available round are left out first.
2. Give every chosen meeting a round (``colouring``). Without unavailable rounds König's
   theorem guarantees that all fit, so the schedule is optimal (objective == upper_bound).
   With unavailable rounds a meeting that no recolouring can place is dropped, and afterwards
   every wished-for pair not yet scheduled is offered a round, best first (mutual pairs, then
   pairs with fewer common rounds), and finally a pair may displace a cheaper meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

from kausa.events.speeddating.colouring import RoundTable
from kausa.events.speeddating.instance import Instance, Pair
from kausa.events.speeddating.optimum import best_subgraph


class ScheduleError(RuntimeError):
    """The solver broke one of its own promises (a bug, never bad input)."""


@dataclass(frozen=True)
class Meeting:
    round: int
    company: int
    candidate: int
    mutual: bool


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    upper_bound: int

    @property
    def mutual(self) -> int:
        return sum(1 for m in self.meetings if m.mutual)

    @property
    def one_sided(self) -> int:
        return len(self.meetings) - self.mutual

    @property
    def objective(self) -> int:
        return 2 * self.mutual + self.one_sided


def common_rounds(instance: Instance, pair: Pair) -> int:
    """How many rounds both sides of the pair are there (counted without listing the rounds,
    whose number is unbounded)."""
    blocked = instance.company_unavailable[pair.company]
    blocked = blocked | instance.candidate_unavailable[pair.candidate]
    return instance.rounds - len(blocked)


def degree_bounds(instance: Instance) -> tuple[list[int], list[int]]:
    """A company meets at most one candidate per available round; a candidate also obeys the
    cap on meetings."""
    cap = instance.max_meetings_per_candidate
    rounds = instance.rounds
    return (
        [rounds - len(blocked) for blocked in instance.company_unavailable],
        [min(rounds - len(blocked), cap) for blocked in instance.candidate_unavailable],
    )


class _Placer:
    """A round table plus the per-candidate cap."""

    def __init__(self, instance: Instance, pairs: list[Pair]):
        self.instance = instance
        self.offset = len(instance.company_ids)
        self.pairs_by_ends = {(pair.company, pair.candidate): pair for pair in pairs}
        # keyed by the table's vertices: (company, offset + candidate)
        self.weight_of = {(p.company, self.offset + p.candidate): p.weight for p in pairs}
        self.table = RoundTable(
            self.offset + len(instance.candidate_ids),
            instance.rounds,
            [*instance.company_unavailable, *instance.candidate_unavailable],
        )
        self.placed: set[Pair] = set()

    def meetings_of_candidate(self, pair: Pair) -> int:
        return len(self.table.at[self.offset + pair.candidate])

    def try_place(self, pair: Pair) -> bool:
        if self.meetings_of_candidate(pair) >= self.instance.max_meetings_per_candidate:
            return False
        if self.table.insert(pair.company, self.offset + pair.candidate):
            self.placed.add(pair)
            return True
        return False

    def try_displace(self, pair: Pair) -> bool:
        """Place ``pair`` in a round whose occupants weigh less, and re-place those elsewhere
        if possible; only a strict gain is kept, so this cannot loop."""
        if self.meetings_of_candidate(pair) >= self.instance.max_meetings_per_candidate:
            return False
        u, v = pair.company, self.offset + pair.candidate
        at = self.table.at
        for round_ in range(self.instance.rounds):
            if not self.table.may_use(u, v, round_):
                continue
            blockers = {(u, w) for w in [at[u].get(round_)] if w is not None}
            blockers |= {(w, v) for w in [at[v].get(round_)] if w is not None}
            if sum(self.weight_of[b] for b in blockers) >= pair.weight:
                continue
            for x, y in blockers:
                self.table.remove(x, y, round_)
                self.placed.discard(self._pair_of(x, y))
            self.table.add(u, v, round_)
            self.placed.add(pair)
            for x, y in blockers:
                self.try_place(self._pair_of(x, y))
            return True
        return False

    def _pair_of(self, company: int, vertex: int) -> Pair:
        return self.pairs_by_ends[(company, vertex - self.offset)]


def solve(instance: Instance) -> Schedule:
    # A pair without a common round can never meet; leaving it out tightens the bound.
    common = {pair: common_rounds(instance, pair) for pair in instance.pairs}
    pairs = [pair for pair in instance.pairs if common[pair] > 0]
    company_bounds, candidate_bounds = degree_bounds(instance)
    chosen, upper_bound = best_subgraph(
        [(pair.company, pair.candidate, pair.weight) for pair in pairs],
        company_bounds,
        candidate_bounds,
    )

    placer = _Placer(instance, pairs)
    # Scarce pairs first: a pair with few common rounds has the fewest ways to fit.
    order = sorted((pairs[i] for i in chosen), key=lambda p: (common[p], -p.weight))
    dropped = [pair for pair in order if not placer.try_place(pair)]
    if dropped and not instance.has_unavailable_rounds:
        raise ScheduleError("König colouring failed to place a meeting")
    if instance.has_unavailable_rounds:
        _fill_up(placer, pairs, common)
    return _schedule(instance, placer, upper_bound)


def _fill_up(placer: _Placer, pairs: list[Pair], common: dict[Pair, int]) -> None:
    best_first = sorted(pairs, key=lambda p: (-p.weight, common[p]))
    unplaced = [p for p in best_first if p not in placer.placed and not placer.try_place(p)]
    for pair in unplaced:
        if pair.mutual and pair not in placer.placed:
            placer.try_displace(pair)
    # A displaced meeting that found no new round frees seats that another pair may use, and
    # a recolouring frees others. A failed attempt changes nothing, so after a pass that
    # places nobody no wished pair can be added as things stand: the schedule is maximal.
    placed_some = True
    while placed_some:
        placed_some = False
        for pair in best_first:
            if pair not in placer.placed and placer.try_place(pair):
                placed_some = True


def _schedule(instance: Instance, placer: _Placer, upper_bound: int) -> Schedule:
    offset = placer.offset
    meetings = []
    for u, v, round_ in placer.table.edges():
        company, candidate = u, v - offset
        pair = placer.pairs_by_ends[(company, candidate)]
        meetings.append(Meeting(round_, company, candidate, pair.mutual))
    meetings.sort(key=lambda m: (m.round, m.company, m.candidate))
    schedule = Schedule(tuple(meetings), upper_bound)
    if schedule.objective > upper_bound:
        raise ScheduleError("the schedule beats its own upper bound")
    return schedule
