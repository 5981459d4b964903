"""Compile (or load from numba's cache) the engine kernels on a tiny market, off the request.

The kernels are compiled with ``cache=True`` into ``settings.NUMBA_CACHE_DIR``: the first
process after a deployment compiles them (seconds), later ones load them (a fraction of that).
The web process runs :func:`prepare_process` in a daemon thread at start (``kausa/wsgi.py``):
the URL configuration, the kernels and the organisations' market snapshots are ready before
the first suggestions page asks for them (a request arriving meanwhile waits for the part it
needs, never for all of it twice).
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

import numpy as np

from kausa.matching.assignment import solve_stable
from kausa.matching.data import Market, OccupationTable, People, Places
from kausa.matching.topk import Matcher

logger = logging.getLogger(__name__)


def _tiny_market() -> Market:
    today = np.datetime64("2026-08-01", "D")
    return Market(
        people=People(
            latitude=np.array([52.13, 52.14]),
            longitude=np.array([11.63, 11.64]),
            occupations=np.array([[0, 1, -1], [1, -1, -1]], dtype=np.int32),
            german_level=np.array([3, 4], dtype=np.int8),
            school_certificate=np.array([2, 3], dtype=np.int8),
            max_commute_km=np.array([30.0, 20.0]),
            driving_licence=np.array([True, False]),
            available_from=np.array([today, today]),
            languages=np.array([1, 2], dtype=np.uint64),
        ),
        places=Places(
            occupation=np.array([0, 1], dtype=np.int32),
            seats=np.array([1, 2], dtype=np.int32),
            latitude=np.array([52.12, 52.15]),
            longitude=np.array([11.62, 11.66]),
            required_german_level=np.array([3, 2], dtype=np.int8),
            required_school_certificate=np.array([1, 2], dtype=np.int8),
            requires_driving_licence=np.array([False, True]),
            start_date=np.array([today + 30, today + 60]),
            languages=np.array([1, 0], dtype=np.uint64),
        ),
        occupations=OccupationTable(kldb_codes=np.array([25212, 25222], dtype=np.int32)),
    )


def warm_up() -> float:
    """Run every kernel the pages and the matching run use once; returns the seconds taken."""
    from kausa.placements.tasks import stable_instance

    started = time.perf_counter()
    market = _tiny_market()
    matcher = Matcher(market)
    one_person = matcher.with_people(market.people)
    one_person.best_places(0)
    one_person.explain(0, 0)
    one_place = matcher.with_places(market.places)
    one_place.best_candidates(0, among=np.array([True, True]))
    candidates = matcher.candidates()
    scores = matcher.score(candidates)
    solve_stable(stable_instance(candidates, scores, market.places.seats), seed=1)
    matcher.scorer.factor_values([0, 1], [0, 1])
    return time.perf_counter() - started


def prepare_process() -> None:
    """What a new web process would otherwise do inside its first requests: import the URL
    configuration (every view module), load the kernels, read the market snapshots."""
    from django.conf import settings

    from kausa.core.models import Organisation
    from kausa.placements import snapshot

    importlib.import_module(settings.ROOT_URLCONF)
    seconds = warm_up()
    for organisation_id in Organisation.objects.values_list("pk", flat=True):
        snapshot.places_for(organisation_id)
        snapshot.people_for(organisation_id)
    logger.info("matching ready (kernels %.1f s)", seconds)


def _prepare_logged() -> None:
    from django.db import connection

    try:
        prepare_process()
    except Exception as error:  # a failed warm-up only means the first pages do the work
        logger.warning("matching warm-up failed: %s", type(error).__qualname__)
    finally:
        connection.close()  # the connection of this thread, which ends here


def start_in_background() -> threading.Thread:
    thread = threading.Thread(target=_prepare_logged, name="matching-warm-up", daemon=True)
    thread.start()
    return thread
