"""Office-wide matching runs, executed by the background worker."""

from __future__ import annotations

import logging
import traceback

import numpy as np
from django.utils import timezone
from django_tasks import task

from kausa.matching.assignment import Instance, solve_stable
from kausa.matching.candidates import Candidates
from kausa.matching.topk import Matcher
from kausa.people.models import Person
from kausa.placements.adapter import MarketBuilder, factors_json, matchable_people, weights_for
from kausa.placements.models import MatchingRun, MatchingRunPair
from kausa.vacancies.selectors import open_places

logger = logging.getLogger(__name__)
incident_logger = logging.getLogger("kausa.incident")


def stable_instance(candidates: Candidates, scores: np.ndarray, capacities: np.ndarray) -> Instance:
    """Both sides rank their acceptable partners by score (ties: the engine's seeded lottery)."""
    people, places = candidates.people_count, len(capacities)
    person_of_pair = candidates.person_of_pairs()
    order = np.lexsort((person_of_pair, candidates.places))  # pairs grouped by place
    place_indptr = np.zeros(places + 1, dtype=np.int64)
    np.cumsum(np.bincount(candidates.places, minlength=places), out=place_indptr[1:])
    return Instance(
        candidate_ids=[str(index) for index in range(people)],
        place_ids=[str(index) for index in range(places)],
        capacities=capacities,
        candidate_indptr=candidates.indptr,
        candidate_places=candidates.places,
        place_indptr=place_indptr,
        place_candidates=person_of_pair[order],
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

    Stores the pairs for review only: nothing is proposed until a counsellor decides.
    """
    run = MatchingRun.objects.select_related("office").get(pk=run_id)
    try:
        _progress(run, 5, state=MatchingRun.State.RUNNING)
        people = list(matchable_people(Person.objects.filter(office=run.office)).order_by("pk"))
        vacancies = list(open_places(run.office.organisation_id))
        _progress(run, 20, people_count=len(people), places_count=len(vacancies))
        if not people or not vacancies:
            _progress(run, 100, state=MatchingRun.State.DONE, finished_at=timezone.now())
            return 0
        matcher = Matcher(MarketBuilder().market(people, vacancies), weights_for(run.office))
        candidates = matcher.candidates()
        scores = matcher.score(candidates)
        _progress(run, 60)
        seats = np.array([vacancy.seats for vacancy in vacancies], dtype=np.int32)
        instance = stable_instance(candidates, scores, seats)
        assignment = solve_stable(instance, seed=run.pk)
        _progress(run, 85)
        pairs = []
        for person_index, place_index in enumerate(assignment.place_of_candidate.tolist()):
            if place_index < 0:
                continue
            contributions = matcher.explain(person_index, place_index)
            pairs.append(
                MatchingRunPair(
                    run=run,
                    person=people[person_index],
                    vacancy=vacancies[place_index],
                    score=round(sum(item.contribution for item in contributions), 3),
                    factors=factors_json(contributions),
                )
            )
        MatchingRunPair.objects.bulk_create(pairs)
        _progress(
            run,
            100,
            state=MatchingRun.State.DONE,
            matched_count=len(pairs),
            finished_at=timezone.now(),
        )
        logger.info("matching run %s: %s pairs", run.pk, len(pairs))
        return len(pairs)
    except Exception as error:
        # Not re-raised: the queue would keep the message and traceback, and both can quote
        # people's data (a database error quotes the offending values). The run shows FAILED.
        _log_incident(run, error)
        _progress(run, run.progress, state=MatchingRun.State.FAILED, finished_at=timezone.now())
        return 0


def _log_incident(run: MatchingRun, error: Exception) -> None:
    """One line: the exception type and the code location (file:line:function), no message."""
    frames = " < ".join(
        f"{'/'.join(frame.filename.split('/')[-2:])}:{frame.lineno}:{frame.name}"
        for frame in reversed(traceback.extract_tb(error.__traceback__)[-6:])
    )
    incident_logger.error(
        "incident in matching run %s: %s at %s", run.pk, type(error).__qualname__, frames or "-"
    )
