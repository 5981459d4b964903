"""Write helpers shared by the domain services."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models


def contacts_replace(manager: models.Manager, contacts: Sequence[dict[str, str]]) -> bool:
    """Make a record's contact persons equal to `contacts`; tells whether anything changed."""
    fields = ("name", "role", "email", "phone")
    before = [tuple(row) for row in manager.order_by("id").values_list(*fields)]
    after = [tuple(contact.get(name, "") for name in fields) for contact in contacts]
    if before == after:
        return False
    manager.all().delete()
    for contact in contacts:
        manager.create(**{name: contact.get(name, "") for name in fields})
    return True
