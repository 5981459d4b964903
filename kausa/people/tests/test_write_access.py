"""The write chokepoint for people: services refuse the wrong actor whoever calls them, views
answer 403 for a visible person the user may not change and 404 for an invisible one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.people import services
from kausa.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_a(office_a):
    return PersonFactory(office=office_a, last_name="Schreibschutz")


@pytest.mark.parametrize("actor_name", ["reader_a", "counsellor_b", "team_lead", "outsider"])
def test_services_refuse_everyone_but_a_writing_member_of_the_owning_office(
    request, person_a, office_a, office_b, actor_name
):
    actor = request.getfixturevalue(actor_name)
    with pytest.raises(WriteDenied):
        services.person_update(actor=actor, person=person_a, data={"last_name": "Geändert"})
    with pytest.raises(WriteDenied):
        services.person_sensitive_update(
            actor=actor, person=person_a, data={"residence_status": "german"}
        )
    with pytest.raises(WriteDenied):
        services.person_set_shared_offices(actor=actor, person=person_a, offices=[office_b])
    with pytest.raises(WriteDenied):
        services.person_create(actor=actor, office=office_a, data={"first_name": "Neu"})
    person_a.refresh_from_db()
    assert person_a.last_name == "Schreibschutz"
    assert not person_a.shared_with_offices.exists()
    assert Person.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_the_owning_office_writes_through_the_service(counsellor_a, person_a):
    services.person_update(actor=counsellor_a, person=person_a, data={"last_name": "Neuname"})
    person_a.refresh_from_db()
    assert person_a.last_name == "Neuname"


def test_shared_office_gets_403_on_every_write_and_another_office_404(
    client, counsellor_a, counsellor_b, reader_a, person_a, office_b
):
    person_a.shared_with_offices.add(office_b)
    writes = [
        ("people:edit", {"last_name": "X"}),
        ("people:sensitive", {"residence_status": "german"}),
        ("people:sharing", {"offices": []}),
        ("people:archive", {}),
    ]
    client.force_login(counsellor_b)  # the person is shared with office B: it reads only
    for name, data in writes:
        assert client.post(reverse(name, args=[person_a.pk]), data).status_code == 403, name
    client.force_login(reader_a)
    for name, data in writes:
        assert client.post(reverse(name, args=[person_a.pk]), data).status_code == 403, name
    person_a.shared_with_offices.clear()
    client.force_login(counsellor_b)
    for name, data in writes:
        assert client.post(reverse(name, args=[person_a.pk]), data).status_code == 404, name
    person_a.refresh_from_db()
    assert (person_a.last_name, person_a.archived_at) == ("Schreibschutz", None)


def test_archiving_is_refused_to_a_shared_office_and_a_read_only_colleague(
    counsellor_a, counsellor_b, reader_a, person_a, office_b
):
    from kausa.core.archiving import ArchiveActions, record_set_archived
    from kausa.people import audit_actions

    person_a.shared_with_offices.add(office_b)
    actions = ArchiveActions(audit_actions.ARCHIVED, audit_actions.RESTORED)
    for actor in (counsellor_b, reader_a):
        with pytest.raises(WriteDenied):
            record_set_archived(actor=actor, record=person_a, archived=True, actions=actions)
    assert record_set_archived(actor=counsellor_a, record=person_a, archived=True, actions=actions)
    person_a.refresh_from_db()
    assert person_a.archived_at is not None
