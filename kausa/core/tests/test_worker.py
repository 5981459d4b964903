"""The background worker really runs queued work from the database queue."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from kausa.core.tasks import search_text_rebuild
from kausa.core.tests.factories import PersonFactory
from kausa.people.models import Person


@pytest.mark.django_db(transaction=True)
def test_db_worker_runs_the_search_rebuild(office_a):
    person = PersonFactory(office=office_a, first_name="Ömer", last_name="Çelik")
    Person.objects.filter(pk=person.pk).update(search_text="stale")

    result = search_text_rebuild.enqueue()
    assert result.status == TaskResultStatus.READY
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["people.person"] == 1
    assert Person.objects.get(pk=person.pk).search_text == "omer celik"
