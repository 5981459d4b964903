"""Rounds as colours: placing meetings so that nobody sits at two tables in one round.

Vertices are the companies (``0 .. C-1``) and the candidates (``C .. C+P-1``); a meeting is an
edge and its round is the edge's colour. Without unavailable rounds, König's theorem says a
bipartite graph of maximum degree ``R`` can be coloured with ``R`` colours, and the proof is an
algorithm: to place an edge ``u-v`` with round ``a`` free at ``u`` and ``b`` free at ``v``,
swap ``a`` and ``b`` along the alternating path that starts at ``v`` with round ``a``; that path
cannot reach ``u`` (parity), so afterwards ``a`` is free at both ends. With unavailable rounds
a swap is allowed only if every edge on the path may take its new round; when no swap works the
edge is refused and the caller decides what to drop.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence


class RoundTable:
    def __init__(self, vertex_count: int, rounds: int, blocked: Sequence[frozenset[int]]):
        self.rounds = rounds
        self.blocked = blocked
        # at[v][r] = the partner v meets in round r
        self.at: list[dict[int, int]] = [{} for _ in range(vertex_count)]

    def is_free(self, vertex: int, round_: int) -> bool:
        return round_ not in self.at[vertex] and round_ not in self.blocked[vertex]

    def may_use(self, u: int, v: int, round_: int) -> bool:
        return round_ not in self.blocked[u] and round_ not in self.blocked[v]

    def add(self, u: int, v: int, round_: int) -> None:
        self.at[u][round_] = v
        self.at[v][round_] = u

    def remove(self, u: int, v: int, round_: int) -> None:
        del self.at[u][round_]
        del self.at[v][round_]

    def edges(self) -> Iterator[tuple[int, int, int]]:
        """Every placed edge once, as ``(u, v, round)`` with ``u < v``."""
        for u, partners in enumerate(self.at):
            for round_, v in partners.items():
                if u < v:
                    yield u, v, round_

    def insert(self, u: int, v: int) -> bool:
        """Place ``u-v`` in some round, recolouring along one alternating path if needed."""
        for round_ in self._free_rounds(u):
            if self.is_free(v, round_):
                self.add(u, v, round_)
                return True
        return self._insert_by_swap(u, v) or self._insert_by_swap(v, u)

    def _free_rounds(self, vertex: int) -> Iterator[int]:
        # Iterates lazily: with many rounds the first free one is found after a few steps,
        # and the loop only runs long when the vertices are nearly full.
        partners, blocked = self.at[vertex], self.blocked[vertex]
        return (r for r in range(self.rounds) if r not in partners and r not in blocked)

    def _insert_by_swap(self, u: int, v: int) -> bool:
        """Free a round ``a`` at ``v`` (free at ``u``) by swapping ``a``/``b`` from ``v``."""
        free_at_v = list(self._free_rounds(v))
        if not free_at_v:
            return False
        for a in self._free_rounds(u):
            if a in self.blocked[v]:
                continue
            for b in free_at_v:
                path = self._path(v, a, b)
                if self._may_swap(path, a, b):
                    self._swap(path, a, b)
                    self.add(u, v, a)
                    return True
        return False

    def _path(self, start: int, a: int, b: int) -> list[tuple[int, int, int]]:
        """The alternating path from ``start`` whose rounds go a, b, a, … (a list of edges)."""
        path: list[tuple[int, int, int]] = []
        vertex, round_, other = start, a, b
        while (partner := self.at[vertex].get(round_)) is not None:
            path.append((vertex, partner, round_))
            vertex, round_, other = partner, other, round_
        return path

    def _may_swap(self, path: Sequence[tuple[int, int, int]], a: int, b: int) -> bool:
        return all(self.may_use(x, y, b if r == a else a) for x, y, r in path)

    def _swap(self, path: Sequence[tuple[int, int, int]], a: int, b: int) -> None:
        for x, y, r in path:
            self.remove(x, y, r)
        for x, y, r in path:
            self.add(x, y, b if r == a else a)
