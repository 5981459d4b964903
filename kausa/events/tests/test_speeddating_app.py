"""Speed dating in the app: wishes, the schedule as event contacts, the pages and who may
do what."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory
from kausa.events import audit_actions
from kausa.events.models import (
    ContactSource,
    EventContact,
    EventKind,
    ParticipantKind,
    RegistrationStatus,
    SpeedDatingSetup,
    SpeedDatingWish,
)
from kausa.events.services import speeddating as services
from kausa.events.tests.factories import EventFactory, EventFormatFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def speed_dating_event(office, **kwargs):
    event_format = EventFormatFactory(
        organisation=office.organisation, name="Azubi-Speeddating", kind=EventKind.SPEED_DATING
    )
    return EventFactory(office=office, event_format=event_format, **kwargs)


def register_person(event, first_name, **kwargs):
    person = PersonFactory(office=event.office, first_name=first_name, last_name="Haddad")
    RegistrationFactory(event=event, kind=ParticipantKind.YOUNG_PERSON, person=person, **kwargs)
    return person


def register_company(event, name, **kwargs):
    company = CompanyFactory(organisation=event.office.organisation, name=name)
    RegistrationFactory(event=event, kind=ParticipantKind.COMPANY, company=company, **kwargs)
    return company


@pytest.fixture
def fair(office_a):
    """A speed dating with three young people and two companies (tables by name)."""
    event = speed_dating_event(office_a)
    people = [register_person(event, name) for name in ("Amira", "Bilal", "Chiara")]
    # Created in reverse order: the table number follows the name, not the registration.
    zeta = register_company(event, "Zeta Logistik")
    alpha = register_company(event, "Alpha Elektro")
    return event, people, [alpha, zeta]


def set_wish(actor, event, person, company, *, person_wants=False, company_wants=False):
    return services.wish_set(
        actor=actor,
        event=event,
        person=person,
        company=company,
        person_wants=person_wants,
        company_wants=company_wants,
    )


def actions_on(model_label):
    return list(
        AuditEntry.objects.filter(object_type=model_label)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- services --------------------------------------------------------------------------------


def test_a_wish_is_saved_changed_and_removed_with_audit_entries(counsellor_a, fair):
    event, (amira, *_), (alpha, _) = fair
    wish = set_wish(counsellor_a, event, amira, alpha, person_wants=True)
    assert wish is not None
    assert (wish.person_wants, wish.company_wants) == (True, False)
    set_wish(counsellor_a, event, amira, alpha, person_wants=True, company_wants=True)
    wish.refresh_from_db()
    assert (wish.person_wants, wish.company_wants) == (True, True)
    assert set_wish(counsellor_a, event, amira, alpha) is None
    assert not SpeedDatingWish.objects.exists()
    assert actions_on("events.speeddatingwish") == [
        audit_actions.SPEED_DATING_WISH_SET,
        audit_actions.SPEED_DATING_WISH_SET,
        audit_actions.SPEED_DATING_WISH_REMOVED,
    ]


def test_wishes_need_confirmed_participants_of_a_speed_dating(counsellor_a, fair, office_a):
    event, (amira, *_), (alpha, _) = fair
    stranger = PersonFactory(office=office_a)
    waiting = register_person(event, "Dana", status=RegistrationStatus.WAITLISTED)
    outsider_company = CompanyFactory(organisation=office_a.organisation)
    for person, company in ((stranger, alpha), (waiting, alpha), (amira, outsider_company)):
        with pytest.raises(ValidationError):
            set_wish(counsellor_a, event, person, company, person_wants=True)
    other = EventFactory(office=office_a)  # a fair, not a speed dating
    RegistrationFactory(event=other, kind=ParticipantKind.YOUNG_PERSON, person=amira)
    RegistrationFactory(event=other, kind=ParticipantKind.COMPANY, company=alpha)
    with pytest.raises(ValidationError):
        set_wish(counsellor_a, other, amira, alpha, person_wants=True)
    assert not SpeedDatingWish.objects.exists()


def test_only_writing_members_of_the_office_change_speed_dating(
    fair, reader_a, team_lead, counsellor_b
):
    event, (amira, *_), (alpha, _) = fair
    for actor in (reader_a, team_lead, counsellor_b):
        with pytest.raises(WriteDenied):
            set_wish(actor, event, amira, alpha, person_wants=True)
        with pytest.raises(WriteDenied):
            services.schedule_run(actor=actor, event=event)
        with pytest.raises(WriteDenied):
            services.setup_save(
                actor=actor, event=event, rounds=3, round_minutes=5, max_meetings_per_candidate=None
            )
    assert not SpeedDatingWish.objects.exists()
    assert not SpeedDatingSetup.objects.exists()


def assert_valid_schedule(event, setup):
    contacts = list(EventContact.objects.filter(event=event, round__isnull=False))
    assert all(0 <= c.round < setup.rounds for c in contacts)
    by_round_person = Counter((c.round, c.person_id) for c in contacts)
    by_round_company = Counter((c.round, c.company_id) for c in contacts)
    assert max(by_round_person.values(), default=1) == 1
    assert max(by_round_company.values(), default=1) == 1
    return contacts


def test_the_schedule_becomes_contacts_with_round_and_table(counsellor_a, fair):
    event, (amira, bilal, chiara), (alpha, zeta) = fair
    services.setup_save(
        actor=counsellor_a, event=event, rounds=2, round_minutes=8, max_meetings_per_candidate=None
    )
    set_wish(counsellor_a, event, amira, alpha, person_wants=True, company_wants=True)
    set_wish(counsellor_a, event, bilal, alpha, person_wants=True)
    set_wish(counsellor_a, event, chiara, alpha, company_wants=True)
    set_wish(counsellor_a, event, amira, zeta, person_wants=True)
    setup = services.schedule_run(actor=counsellor_a, event=event)
    contacts = assert_valid_schedule(event, setup)
    # Alpha has two rounds for three wishes: the mutual one and one more; Zeta meets Amira.
    met = {(c.person, c.company) for c in contacts}
    assert (amira, alpha) in met
    assert (amira, zeta) in met
    assert len([c for c in contacts if c.company == alpha]) == 2
    assert {c.table for c in contacts if c.company == alpha} == {1}
    assert {c.table for c in contacts if c.company == zeta} == {2}
    assert all(c.source == ContactSource.SPEED_DATING for c in contacts)
    assert all(c.created_by == counsellor_a for c in contacts)
    assert (setup.mutual, setup.one_sided, setup.objective, setup.upper_bound) == (1, 2, 4, 4)
    assert setup.scheduled_at is not None
    assert actions_on("events.speeddatingsetup") == [
        audit_actions.SPEED_DATING_SETUP_SAVED,
        audit_actions.SPEED_DATING_SCHEDULED,
    ]


def test_unavailable_rounds_and_cancelled_participants_are_respected(counsellor_a, fair):
    event, (amira, bilal, _), (alpha, zeta) = fair
    services.setup_save(
        actor=counsellor_a, event=event, rounds=3, round_minutes=8, max_meetings_per_candidate=1
    )
    event.registrations.filter(person=amira).update(unavailable_rounds=[0, 1, "x", 7])
    set_wish(counsellor_a, event, amira, alpha, person_wants=True, company_wants=True)
    set_wish(counsellor_a, event, amira, zeta, person_wants=True)
    set_wish(counsellor_a, event, bilal, zeta, person_wants=True)
    event.registrations.filter(company=zeta).update(status=RegistrationStatus.CANCELLED)
    setup = services.schedule_run(actor=counsellor_a, event=event)
    contacts = assert_valid_schedule(event, setup)
    assert [(c.person, c.company, c.round) for c in contacts] == [(amira, alpha, 2)]
    assert (setup.objective, setup.upper_bound) == (2, 2)


def test_a_new_schedule_replaces_the_old_and_keeps_recorded_contacts(counsellor_a, fair):
    event, (amira, bilal, _), (alpha, zeta) = fair
    recorded = EventContact.objects.create(event=event, person=bilal, company=zeta)
    set_wish(counsellor_a, event, amira, alpha, person_wants=True)
    set_wish(counsellor_a, event, bilal, zeta, company_wants=True)
    services.schedule_run(actor=counsellor_a, event=event)
    recorded.refresh_from_db()
    assert recorded.source == ContactSource.MANUAL
    assert recorded.round is not None
    assert recorded.table == 2
    # The wishes change: Amira no longer wants Alpha, Bilal wants Alpha instead of Zeta.
    set_wish(counsellor_a, event, amira, alpha)
    set_wish(counsellor_a, event, bilal, zeta)
    set_wish(counsellor_a, event, bilal, alpha, person_wants=True)
    services.schedule_run(actor=counsellor_a, event=event)
    pairs = {(c.person, c.company, c.source) for c in EventContact.objects.filter(event=event)}
    assert pairs == {
        (bilal, zeta, ContactSource.MANUAL),
        (bilal, alpha, ContactSource.SPEED_DATING),
    }
    recorded.refresh_from_db()
    assert (recorded.round, recorded.table) == (None, None)


# --- pages -----------------------------------------------------------------------------------


def page(event):
    return reverse("events:speeddating", args=[event.pk])


def plan_page(event):
    return reverse("events:speeddating_plan", args=[event.pk])


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("counsellor_a", 200),
        ("reader_a", 200),
        ("team_lead", 200),
        ("counsellor_b", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_the_pages(client, request, fair, persona, status):
    event = fair[0]
    client.force_login(request.getfixturevalue(persona))
    assert client.get(page(event)).status_code == status
    assert client.get(plan_page(event)).status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("reader_a", 403), ("team_lead", 403), ("counsellor_b", 404), ("outsider", 404)],
)
def test_who_may_not_change_anything(client, request, fair, persona, status):
    event, (amira, *_), (alpha, _) = fair
    client.force_login(request.getfixturevalue(persona))
    for name, data in (
        ("speeddating_schedule", {}),
        ("speeddating_setup", {"rounds": 3, "round_minutes": 5}),
        ("speeddating_wish", {"person": amira.pk, "company": alpha.pk, "person_wants": "on"}),
    ):
        response = client.post(reverse(f"events:{name}", args=[event.pk]), data)
        assert response.status_code == status
    assert not SpeedDatingWish.objects.exists()
    assert not SpeedDatingSetup.objects.exists()
    assert not EventContact.objects.exists()


def test_the_writes_need_post(client, counsellor_a, fair):
    client.force_login(counsellor_a)
    for name in ("speeddating_schedule", "speeddating_setup", "speeddating_wish"):
        assert client.get(reverse(f"events:{name}", args=[fair[0].pk])).status_code == 405


def test_enter_wishes_calculate_and_print_the_plan(client, counsellor_a, fair):
    event, (amira, bilal, _), (alpha, zeta) = fair
    client.force_login(counsellor_a)
    response = client.get(page(event))
    assert "Zeitplan berechnen" in response.content.decode()
    response = client.post(
        reverse("events:speeddating_setup", args=[event.pk]),
        {"rounds": "2", "round_minutes": "10", "max_meetings_per_candidate": ""},
    )
    assert response.status_code == 302
    setup = SpeedDatingSetup.objects.get(event=event)
    assert (setup.rounds, setup.round_minutes, setup.max_meetings_per_candidate) == (2, 10, None)
    wish_url = reverse("events:speeddating_wish", args=[event.pk])
    for person, company, flags in (
        (amira, alpha, {"person_wants": "on", "company_wants": "on"}),
        (bilal, alpha, {"company_wants": "on"}),
        (bilal, zeta, {"person_wants": "on"}),
    ):
        response = client.post(wish_url, {"person": person.pk, "company": company.pk, **flags})
        assert response.status_code == 302
    assert SpeedDatingWish.objects.filter(event=event).count() == 3
    body = client.get(page(event)).content.decode()
    assert "Zeta Logistik" in body
    assert "Amira" in body
    response = client.post(reverse("events:speeddating_schedule", args=[event.pk]), follow=True)
    assert response.status_code == 200
    assert EventContact.objects.filter(event=event).count() == 3
    plan = client.get(plan_page(event)).content.decode()
    assert "Tisch 1" in plan
    assert "Alpha Elektro" in plan
    assert "Bilal Haddad" in plan
    # the remove button of a row sends the pair without wishes
    client.post(wish_url, {"person": bilal.pk, "company": zeta.pk})
    assert not SpeedDatingWish.objects.filter(person=bilal, company=zeta).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"person": "99999999999999999999", "company": "1", "person_wants": "on"},
        {"person": "abc", "company": "", "person_wants": "on"},
        {},
    ],
)
def test_bad_wish_input_changes_nothing(client, counsellor_a, fair, data):
    client.force_login(counsellor_a)
    response = client.post(reverse("events:speeddating_wish", args=[fair[0].pk]), data)
    assert response.status_code == 302
    assert not SpeedDatingWish.objects.exists()


def test_a_person_of_another_event_cannot_be_picked(client, counsellor_a, fair, office_a):
    event, _, (alpha, _) = fair
    other = speed_dating_event(office_a)
    elsewhere = register_person(other, "Emre")
    client.force_login(counsellor_a)
    client.post(
        reverse("events:speeddating_wish", args=[event.pk]),
        {"person": elsewhere.pk, "company": alpha.pk, "person_wants": "on"},
    )
    assert not SpeedDatingWish.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"rounds": "0", "round_minutes": "8"},
        {"rounds": "500", "round_minutes": "8"},
        {"rounds": "x", "round_minutes": "8"},
        {"rounds": "3", "round_minutes": "8", "max_meetings_per_candidate": "0"},
    ],
)
def test_bad_settings_change_nothing(client, counsellor_a, fair, data):
    client.force_login(counsellor_a)
    response = client.post(reverse("events:speeddating_setup", args=[fair[0].pk]), data)
    assert response.status_code == 302
    assert not SpeedDatingSetup.objects.exists()


def test_another_format_has_no_speed_dating(client, counsellor_a, office_a):
    event = EventFactory(office=office_a)
    client.force_login(counsellor_a)
    body = client.get(page(event)).content.decode()
    assert "Zeitplan berechnen" not in body
    response = client.post(reverse("events:speeddating_schedule", args=[event.pk]))
    assert response.status_code == 302
    assert not SpeedDatingSetup.objects.exists()
