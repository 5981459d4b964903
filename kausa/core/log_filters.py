"""Logging filters that keep personal data out of the logs."""

from __future__ import annotations

import logging


class DropExceptionDetails(logging.Filter):
    """For Django's request logger: keep "Internal Server Error: <path>", drop the traceback.

    A traceback ends with the exception message, and messages can quote personal data (a
    database error names the offending values). The incident log of kausa.core.errors
    records the exception type and code location under the same request id instead.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
