"""Background work run by the task worker (`manage.py db_worker`)."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from kausa.core import search_index
from kausa.core.search import normalize

logger = logging.getLogger(__name__)


@task()
def search_text_rebuild() -> dict[str, int]:
    """Recompute the normalised search column of people, companies and partners, then
    rebuild their search indexes (kausa.core.search_index) from it.

    Needed after the normalisation rules change (an upgrade); safe to run any time.
    """
    from kausa.companies.models import Company
    from kausa.partners.models import Partner
    from kausa.people.models import Person

    counts = {}
    models: tuple[tuple[Any, tuple[str, ...]], ...] = (
        (Person, ("first_name", "last_name")),
        (Company, ("name",)),
        (Partner, ("name",)),
    )
    for model, name_fields in models:
        changed: list[Any] = []
        for row in model.objects.only("pk", "search_text", *name_fields).iterator(2000):
            text = normalize(" ".join(getattr(row, field) for field in name_fields))
            if text != row.search_text:
                row.search_text = text
                changed.append(row)
        model.objects.bulk_update(changed, ["search_text"], batch_size=1000)
        counts[model._meta.label_lower] = len(changed)
    counts["search_indexes"] = len(search_index.rebuild())
    logger.info("search text rebuilt: %s", counts)
    return counts
