"""The people list remembers structured filters in the session, never a typed search: a
name must not outlive the request in the session store (nor the person's erasure)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from kausa.core.tests.factories import PersonFactory
from kausa.people.views import PEOPLE_FILTERS_SESSION_KEY

pytestmark = pytest.mark.django_db

NAME = "Zqxsessiontest"


def stored_sessions() -> str:
    """Everything the session backend holds, decoded."""
    return " ".join(str(session.get_decoded()) for session in Session.objects.all())


def test_a_typed_name_never_reaches_the_session_store(client, counsellor_a):
    PersonFactory(office=counsellor_a.office, last_name=NAME)
    client.force_login(counsellor_a)
    found = client.post(reverse("people:list"), {"q": NAME, "german_level_min": "0"})
    assert found.context["page"].paginator.count == 1  # the search worked
    htmx = client.post(reverse("people:list"), {"q": NAME.lower()}, HTTP_HX_REQUEST="true")
    assert NAME in htmx.content.decode()
    assert Session.objects.exists()
    assert NAME.lower() not in stored_sessions().lower()
    assert client.session[PEOPLE_FILTERS_SESSION_KEY] == {}  # only structured filters are kept
    # Later visits show the whole list again: the search was not remembered.
    assert client.get(reverse("people:list")).context["page"].paginator.count == 1
    PersonFactory(office=counsellor_a.office, last_name="Anderer")
    assert client.get(reverse("people:list")).context["page"].paginator.count == 2


def test_structured_filters_are_remembered_and_searches_page_by_post(
    client, counsellor_a, settings
):
    settings.PAGE_SIZE = 2
    for index in range(3):
        PersonFactory(office=counsellor_a.office, last_name=f"{NAME}{index}", german_level=4)
    PersonFactory(office=counsellor_a.office, last_name="Ohnedeutsch", german_level=0)
    client.force_login(counsellor_a)
    client.post(reverse("people:list"), {"q": NAME, "german_level_min": "4"})
    assert client.session[PEOPLE_FILTERS_SESSION_KEY] == {"german_level_min": ["4"]}
    assert client.get(reverse("people:list")).context["page"].paginator.count == 3
    second = client.post(reverse("people:list"), {"q": NAME, "german_level_min": "4", "page": 2})
    assert second.context["page"].number == 2
    assert [person.last_name for person in second.context["page"].object_list] == [f"{NAME}2"]
    assert 'name="page" value="1"' in second.content.decode()  # "previous" re-posts the form


def test_a_search_stored_before_this_rule_is_ignored_and_dropped(client, counsellor_a):
    PersonFactory(office=counsellor_a.office, last_name="Eins")
    PersonFactory(office=counsellor_a.office, last_name="Zwei")
    client.force_login(counsellor_a)
    session = client.session
    session[PEOPLE_FILTERS_SESSION_KEY] = {"q": ["Eins"]}
    session.save()
    assert client.get(reverse("people:list")).context["page"].paginator.count == 2
    assert client.session[PEOPLE_FILTERS_SESSION_KEY] == {}  # and is removed from the store
