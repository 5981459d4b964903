"""The assignment modules import without a circle: the flow solver needs only the errors."""

from __future__ import annotations

import subprocess
import sys


def test_the_flow_solver_does_not_import_the_assignment_module() -> None:
    code = (
        "import sys, kausa.matching.assignment_optimal as optimal; "
        "from kausa.matching.assignment_errors import AssignmentError; "
        "assert issubclass(optimal.FlowSolverError, AssignmentError); "
        "print('kausa.matching.assignment' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "False"


def test_the_assignment_module_still_offers_its_error() -> None:
    from kausa.matching import assignment, assignment_errors

    assert assignment.AssignmentError is assignment_errors.AssignmentError
