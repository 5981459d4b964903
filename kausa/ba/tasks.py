"""Job agency imports, executed by the background worker."""

from __future__ import annotations

import logging

from django_tasks import task

from kausa.ba.jobsuche import jobsuche_client
from kausa.ba.models import ImportRun
from kausa.ba.services import ba_import_execute, ba_import_fail

logger = logging.getLogger(__name__)
incident_logger = logging.getLogger("kausa.incident")


@task()
def ba_import_run(run_id: int) -> int:
    """Import the offers of a recorded run; returns the number of places created."""
    run = ImportRun.objects.select_related("organisation").get(pk=run_id)
    client = jobsuche_client()
    try:
        ba_import_execute(run, client)
    except Exception as error:
        # Not re-raised: the queue would keep the message, which can quote offer data.
        incident_logger.error("incident in ba import run %s: %s", run.pk, type(error).__qualname__)
        ba_import_fail(run)
        return 0
    finally:
        client.close()
    return run.created
