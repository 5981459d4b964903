"""Errors of the global assignment, in a module of their own.

``assignment`` (the instance and the solve functions) and ``assignment_optimal`` (the flow
solver it loads lazily) both raise them; keeping them here lets each import them without
importing the other.
"""

from __future__ import annotations


class AssignmentError(ValueError):
    """The instance cannot be solved as asked (e.g. no scores for the optimal method)."""


class FlowSolverError(AssignmentError):
    """OR-Tools did not report an optimal flow (e.g. costs too large for its integer range)."""
