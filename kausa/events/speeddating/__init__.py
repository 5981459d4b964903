"""Apprenticeship speed dating scheduler: a pure library (no Django).

``solve(parse_instance(data))`` gives the rounds in which companies and candidates meet; see
``solver`` for the method and ``instance`` for the JSON format. ``python -m
kausa.events.speeddating solve FILE`` runs it from the command line.
"""

from kausa.events.speeddating.instance import Instance, InstanceError, Pair, parse_instance
from kausa.events.speeddating.solver import Meeting, Schedule, ScheduleError, solve

__all__ = [
    "Instance",
    "InstanceError",
    "Meeting",
    "Pair",
    "Schedule",
    "ScheduleError",
    "parse_instance",
    "solve",
]
