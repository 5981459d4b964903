"""Office-wide matching runs, executed by the background worker."""

from __future__ import annotations

import logging
import traceback

import numpy as np
from django.utils import timezone
from django_tasks import task

from kausa.matching.assignment import Instance, solve_stable
from kausa.matching.candidates import Candidates
from kausa.matching.scoring import FACTORS
from kausa.matching.topk import Matcher
from kausa.people.models import Person
from kausa.placements import snapshot
from kausa.placements.adapter import weights_for
from kausa.placements.models import MatchingRun, MatchingRunPair

logger = logging.getLogger(__name__)
incident_logger = logging.getLogger("kausa.incident")


def stable_instance(candidates: Candidates, scores: np.ndarray, capacities: np.ndarray) -> Instance:
    """Both sides rank their acceptable partners by score (ties: the engine's seeded lottery).

    Without explicit preference lists the engine never reads the places' lists of candidates
    (places compare proposers by score), so none are built: sorting every pair by place cost
    more than the solve at national scale.
    """
    people, places = candidates.people_count, len(capacities)
    return Instance(
        candidate_ids=[str(index) for index in range(people)],
        place_ids=[str(index) for index in range(places)],
        capacities=capacities,
        candidate_indptr=candidates.indptr,
        candidate_places=candidates.places,
        place_indptr=np.zeros(places + 1, dtype=np.int64),
        place_candidates=np.empty(0, dtype=np.int32),
        scores=scores.astype(np.float64),
        candidate_ranked=np.zeros(people, dtype=np.bool_),
        place_ranked=np.zeros(places, dtype=np.bool_),
    )


def _progress(run: MatchingRun, percent: int, **fields: object) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.progress = percent
    run.progressed_at = timezone.now()
    run.save(update_fields=["progress", "progressed_at", *fields])


@task()
def matching_run_execute(run_id: int) -> int:
    """Compute a stable assignment of the office's people to the organisation's open places.

    Stores the pairs for review only: nothing is proposed until a counsellor decides. Reads
    columns, not model objects: the places (and their index) from the organisation's market
    snapshot, the office's people fresh. A run delivered twice is executed once.
    """
    run = MatchingRun.objects.select_related("office").get(pk=run_id)
    if run.state in (MatchingRun.State.DONE, MatchingRun.State.FAILED):
        return run.matched_count
    try:
        _progress(run, 5, state=MatchingRun.State.RUNNING)
        run.pairs.all().delete()  # left by an attempt that died half-way
        return _execute(run)
    except Exception as error:
        # Not re-raised: the queue would keep the message and traceback, and both can quote
        # people's data (a database error quotes the offending values). The run shows FAILED.
        _log_incident(run, error)
        _progress(run, run.progress, state=MatchingRun.State.FAILED, finished_at=timezone.now())
        return 0


def _execute(run: MatchingRun) -> int:
    places = snapshot.places_for(run.office.organisation_id)
    _progress(run, 15, places_count=len(places.side))
    people = snapshot.read_people(
        Person.objects.filter(office=run.office), places.occupations, places.key.today
    )
    _progress(run, 30, people_count=len(people))
    if not len(people) or not len(places.side):
        _progress(run, 100, state=MatchingRun.State.DONE, finished_at=timezone.now())
        return 0
    matcher = places.matcher.with_people(people.people, weights_for(run.office))
    candidates = matcher.candidates()
    _progress(run, 45)
    scores = matcher.score(candidates)
    _progress(run, 60)
    instance = stable_instance(candidates, scores, np.asarray(places.side.places.seats))
    assignment = solve_stable(instance, seed=run.pk)
    _progress(run, 80)
    person_rows = np.flatnonzero(assignment.place_of_candidate >= 0)
    place_rows = assignment.place_of_candidate[person_rows]
    pairs = _pairs(
        run, matcher, people.person_ids, places.side.vacancy_ids, person_rows, place_rows
    )
    _progress(run, 90)
    for start in range(0, len(pairs), PAIRS_PER_BATCH):
        end = min(start + PAIRS_PER_BATCH, len(pairs))
        MatchingRunPair.objects.bulk_create(pairs[start:end])
        _progress(run, 90 + 9 * end // len(pairs))
    _progress(
        run, 100, state=MatchingRun.State.DONE, matched_count=len(pairs), finished_at=timezone.now()
    )
    logger.info("matching run %s: %s pairs", run.pk, len(pairs))
    return len(pairs)


PAIRS_PER_BATCH = 5000


def _pairs(
    run: MatchingRun,
    matcher: Matcher,
    person_ids: np.ndarray,
    vacancy_ids: np.ndarray,
    person_rows: np.ndarray,
    place_rows: np.ndarray,
) -> list[MatchingRunPair]:
    """The pairs with their factors (as ``adapter.factors_json`` writes them), computed for
    all pairs at once; rows are given by ids, no model object is loaded."""
    values = matcher.scorer.factor_values(person_rows, place_rows)
    shares = matcher.scorer.weights.shares()
    contributions = values * shares
    totals = contributions[:, 0].copy()
    for column in range(1, contributions.shape[1]):
        totals += contributions[:, column]  # in factor order, as the sum of the factors
    weights = [round(float(share), 3) for share in shares]
    pairs = []
    for person, place, total, row_values, row_contributions in zip(
        person_ids[person_rows].tolist(),
        vacancy_ids[place_rows].tolist(),
        totals.tolist(),
        values.tolist(),
        contributions.tolist(),
        strict=True,
    ):
        factors = [
            {
                "factor": name,
                "value": round(value, 3),
                "weight": weight,
                "contribution": round(part, 3),
            }
            for name, value, weight, part in zip(
                FACTORS, row_values, weights, row_contributions, strict=True
            )
        ]
        pairs.append(
            MatchingRunPair(
                run_id=run.pk,
                person_id=person,
                vacancy_id=place,
                score=round(total, 3),
                factors=factors,
            )
        )
    return pairs


def _log_incident(run: MatchingRun, error: Exception) -> None:
    """One line: the exception type and the code location (file:line:function), no message."""
    frames = " < ".join(
        f"{'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno}:{frame.name}"
        for frame in reversed(traceback.extract_tb(error.__traceback__)[-6:])
    )
    incident_logger.error(
        "incident in matching run %s: %s at %s", run.pk, type(error).__qualname__, frames or "-"
    )
