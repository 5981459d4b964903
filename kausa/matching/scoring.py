"""Explainable scores: a transparent weighted sum of factors, each factor in [0, 1].

score = sum over factors of share_i * value_i, where share_i = weight_i / sum of weights, so
the score lies in [0, 1] and the contributions of a pair add up to its score exactly (up to
float32 rounding of the stored score). The factors (``scoring_factors.py``):

==================  ================================================================  ======
factor key          value                                                             weight
==================  ================================================================  ======
occupation_fit      wish 1: 1.0, wish 2: 0.85, wish 3: 0.7, same KldB 4-digit group:   0.30
                    0.5, same 3-digit group: 0.25
commute             1 - distance / the person's limit (0 beyond the limit)             0.20
german_level        meets or exceeds the requirement 1, one level below 0.5, else 0   0.15
school_certificate  as german_level, on the ordered certificates                       0.10
start_date          1 - (start - available_from) / horizon (548 days), 0 outside       0.10
driving_licence     0 if the place needs a licence the person lacks, else 1           0.10
shared_language     1 if the company speaks one of the person's languages, else 0    0.05
==================  ================================================================  ======

Why these defaults: the occupation is what the person asked for, so it weighs most; commute
decides whether a training is kept up, so it comes next; German and school are what companies
most often name as reasons to reject, but a near miss can be bridged (language course,
Einstiegsqualifizierung), hence the partial value; start date and licence matter but are
negotiable; a shared language is a bonus, never a requirement. Offices can change all of them
(:class:`Weights`). Protected attributes are not inputs (see ``data.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from kausa.matching import scoring_kernels as kernels
from kausa.matching.candidates import MAX_START_DELAY_DAYS, Candidates
from kausa.matching.candidates_fit import fit_levels_of_pairs
from kausa.matching.candidates_grid import spatial_order, unit_vectors
from kausa.matching.data import Market
from kausa.matching.scoring_factors import FACTORS

__all__ = ["FACTORS", "FactorContribution", "Scorer", "Weights", "explain"]


@dataclass(frozen=True)
class Weights:
    """Relative weights of the factors (only their ratios matter); configurable per office."""

    occupation_fit: float = 0.30
    commute: float = 0.20
    german_level: float = 0.15
    school_certificate: float = 0.10
    start_date: float = 0.10
    driving_licence: float = 0.10
    shared_language: float = 0.05

    def __post_init__(self) -> None:
        values = [getattr(self, name) for name in FACTORS]
        if any(not np.isfinite(v) or v < 0 for v in values):
            raise ValueError("weights must be finite and not negative")
        if sum(values) <= 0:
            raise ValueError("at least one weight must be positive")

    def shares(self) -> npt.NDArray[np.float64]:
        """Weights divided by their sum, in the order of :data:`FACTORS`."""
        values = np.array([getattr(self, name) for name in FACTORS], dtype=np.float64)
        result: npt.NDArray[np.float64] = values / values.sum()
        return result


assert tuple(f.name for f in fields(Weights)) == FACTORS  # one weight per factor, same order


@dataclass(frozen=True)
class FactorContribution:
    """One factor of one suggestion: ``contribution = weight * value``."""

    factor: str
    """Stable key from :data:`FACTORS` (the UI maps it to a label)."""
    value: float
    """The factor in [0, 1]."""
    weight: float
    """The factor's share of all weights (the shares add up to 1)."""
    contribution: float

    @property
    def name(self) -> str:
        return self.factor


class Scorer:
    """Scores pairs of one market with one set of weights."""

    def __init__(
        self,
        market: Market,
        weights: Weights | None = None,
        *,
        start_horizon_days: int = MAX_START_DELAY_DAYS,
        like: Scorer | None = None,
    ) -> None:
        """``like``: a scorer whose per-side columns are reused where ``market`` holds the
        same people or the same places (the same objects), instead of computing them again."""
        self.market = market
        self.weights = weights or Weights()
        self.start_horizon_days = int(start_horizon_days)
        self._shares = self.weights.shares()
        people, places = market.people, market.places
        self._people: tuple[Any, ...]
        self._places: tuple[Any, ...]
        if like is not None and like.market.people is people:
            self._people = like._people
        else:
            self._people = (
                np.ascontiguousarray(unit_vectors(people.latitude, people.longitude)),
                people.max_commute_km,
                people.german_level,
                people.school_certificate,
                people.driving_licence,
                people.available_from,
                people.languages,
            )
        if like is not None and like.market.places is places:
            self._places = like._places
        else:
            self._places = (
                np.ascontiguousarray(unit_vectors(places.latitude, places.longitude)),
                places.required_german_level,
                places.required_school_certificate,
                places.requires_driving_licence,
                places.start_date,
                places.languages,
            )

    @cached_property
    def _people_order(self) -> npt.NDArray[np.int64]:
        people = self.market.people
        order: npt.NDArray[np.int64] = spatial_order(people.latitude, people.longitude)
        return order

    def score_candidates(self, candidates: Candidates) -> npt.NDArray[np.float32]:
        """The score of every candidate pair, aligned with ``candidates.places``."""
        if candidates.people_count != len(self.market.people):
            raise ValueError("candidates are not those of this market")
        scores: npt.NDArray[np.float32] = kernels.score_csr(
            self._people_order,
            candidates.indptr,
            candidates.places,
            candidates.fit,
            self._people,
            self._places,
            self.start_horizon_days,
            self._shares,
        )
        return scores

    def score_pairs(
        self,
        people: npt.ArrayLike,
        places: npt.ArrayLike,
        fits: npt.ArrayLike | None = None,
    ) -> npt.NDArray[np.float32]:
        """Scores of pairs given as parallel index arrays (fit levels computed if not given)."""
        persons, place_indices, fit_levels = self._pairs(people, places, fits)
        scores: npt.NDArray[np.float32] = kernels.score_pairs(
            persons,
            place_indices,
            fit_levels,
            self._people,
            self._places,
            self.start_horizon_days,
            self._shares,
        )
        return scores

    def factor_values(
        self,
        people: npt.ArrayLike,
        places: npt.ArrayLike,
        fits: npt.ArrayLike | None = None,
    ) -> npt.NDArray[np.float64]:
        """(pairs, factors) values, columns in the order of :data:`FACTORS`."""
        persons, place_indices, fit_levels = self._pairs(people, places, fits)
        values: npt.NDArray[np.float64] = kernels.factor_matrix(
            persons, place_indices, fit_levels, self._people, self._places, self.start_horizon_days
        )
        return values

    def explain(self, person: int, place: int) -> list[FactorContribution]:
        """Every factor of one pair with its value, weight share and contribution.

        The contributions add up to the pair's score. Works for any pair, also one that is
        not a candidate (a counsellor may ask why a place was not suggested).
        """
        values = self.factor_values([person], [place])[0]
        return [
            FactorContribution(
                factor=name,
                value=float(value),
                weight=float(share),
                contribution=float(share * value),
            )
            for name, value, share in zip(FACTORS, values, self._shares, strict=True)
        ]

    def fit_levels(self, people: npt.ArrayLike, places: npt.ArrayLike) -> npt.NDArray[np.int8]:
        """:class:`~kausa.matching.candidates.OccupationFit` values of pairs."""
        levels: npt.NDArray[np.int8] = fit_levels_of_pairs(
            np.atleast_1d(np.asarray(people, dtype=np.int64)),
            np.atleast_1d(np.asarray(places, dtype=np.int64)),
            self.market.people.occupations,
            self.market.places.occupation,
            self.market.occupations.kldb_codes,
        )
        return levels

    def _pairs(
        self, people: npt.ArrayLike, places: npt.ArrayLike, fits: npt.ArrayLike | None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int8]]:
        persons = np.atleast_1d(np.asarray(people, dtype=np.int64))
        place_indices = np.atleast_1d(np.asarray(places, dtype=np.int64))
        if persons.shape != place_indices.shape:
            raise ValueError("people and places must be parallel arrays")
        n_people, n_places = len(self.market.people), len(self.market.places)
        if len(persons) and (persons.min() < 0 or persons.max() >= n_people):
            raise IndexError("person index out of range")
        if len(place_indices) and (place_indices.min() < 0 or place_indices.max() >= n_places):
            raise IndexError("place index out of range")
        if fits is None:
            fit_levels = self.fit_levels(persons, place_indices)
        else:
            fit_levels = np.atleast_1d(np.asarray(fits, dtype=np.int8))
        return persons, place_indices, fit_levels


def explain(
    market: Market, person: int, place: int, weights: Weights | None = None
) -> list[FactorContribution]:
    """:meth:`Scorer.explain` for a one-off question (builds a :class:`Scorer`)."""
    return Scorer(market, weights).explain(person, place)
