"""Rules of the route services: which stops may be added, positions, optimising, audit."""

from __future__ import annotations

import itertools
import random

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kausa.companies.models import CompanyContact
from kausa.core.access import WriteDenied
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, OrganisationFactory, district
from kausa.events import routing
from kausa.events.models import EventKind, RouteStop, TravelMode
from kausa.events.services import routes as route_services
from kausa.events.tests.factories import EventFactory, EventFormatFactory
from kausa.reference import gazetteer

pytestmark = pytest.mark.django_db


def route_event(office, *, kind=EventKind.JOBWALK, travel_mode=TravelMode.WALKING, **kwargs):
    event_format = EventFormatFactory(
        organisation=office.organisation, name=f"Format {kind}", kind=kind
    )
    return EventFactory(office=office, event_format=event_format, travel_mode=travel_mode, **kwargs)


def magdeburg_company(organisation, name="Elektro Yilmaz GmbH", lat=52.13, lon=11.63, **kwargs):
    return CompanyFactory(
        organisation=organisation,
        name=name,
        street="Breiter Weg 12",
        postal_code="39104",
        place="Magdeburg",
        district=district("15003"),
        latitude=lat,
        longitude=lon,
        **kwargs,
    )


def add_point(actor, event, label, lat, lon, **kwargs):
    return route_services.stop_add(
        actor=actor, event=event, label=label, latitude=lat, longitude=lon, **kwargs
    )


def positions(event):
    return list(event.route_stops.order_by("position").values_list("label", "position"))


def test_company_stop_takes_address_coordinates_and_first_contact(counsellor_a):
    event = route_event(counsellor_a.office)
    company = magdeburg_company(counsellor_a.organisation)
    CompanyContact.objects.create(company=company, name="Zora Zander", phone="0391 2")
    CompanyContact.objects.create(company=company, name="Ayşe Demir", phone="0391 1")
    stop = route_services.stop_add(actor=counsellor_a, event=event, company=company)
    assert stop.company == company
    assert stop.label == "Elektro Yilmaz GmbH"
    assert stop.address == "Breiter Weg 12, 39104 Magdeburg"
    assert (stop.latitude, stop.longitude) == (52.13, 11.63)
    assert (stop.contact_name, stop.contact_phone) == ("Ayşe Demir", "0391 1")
    assert stop.position == 1


def test_an_explicit_contact_replaces_the_company_default(counsellor_a):
    event = route_event(counsellor_a.office)
    company = magdeburg_company(counsellor_a.organisation)
    CompanyContact.objects.create(company=company, name="Ayşe Demir", phone="0391 1")
    stop = route_services.stop_add(
        actor=counsellor_a, event=event, company=company, contact_name="Jonas Weber"
    )
    assert (stop.contact_name, stop.contact_phone) == ("Jonas Weber", "")


def test_company_of_another_organisation_or_archived_is_refused(counsellor_a):
    event = route_event(counsellor_a.office)
    foreign = magdeburg_company(OrganisationFactory(name="Andere Landesstelle"))
    archived = magdeburg_company(counsellor_a.organisation, archived_at=timezone.now())
    for company in (foreign, archived):
        with pytest.raises(ValidationError) as caught:
            route_services.stop_add(actor=counsellor_a, event=event, company=company)
        assert "aktiven Betrieb" in str(caught.value) or "active company" in str(caught.value)
    assert not RouteStop.objects.exists()


def test_free_point_gets_coordinates_from_the_postal_code(counsellor_a):
    event = route_event(counsellor_a.office, kind=EventKind.BUS_TOUR)
    stop = route_services.stop_add(
        actor=counsellor_a,
        event=event,
        label="Abholung Schule",
        address="Schulstraße 3",
        postal_code="39104",
        is_pickup=True,
        stay_minutes=5,
    )
    entry = gazetteer.lookup("39104")
    assert (stop.latitude, stop.longitude) == (entry.latitude, entry.longitude)
    assert stop.address == "Schulstraße 3, 39104 Magdeburg"
    assert stop.is_pickup and stop.stay_minutes == 5 and stop.company is None


def test_free_point_needs_a_name_and_a_known_postal_code_or_coordinates(counsellor_a):
    event = route_event(counsellor_a.office)
    cases = [
        {"label": "", "postal_code": "39104"},
        {"label": "Treffpunkt"},
        {"label": "Treffpunkt", "postal_code": "00000"},
        {"label": "Treffpunkt", "latitude": 95.0, "longitude": 11.0},
        {"label": "Treffpunkt", "latitude": float("nan"), "longitude": 11.0},
        {"label": "Treffpunkt", "postal_code": "39104", "stay_minutes": 481},
    ]
    for data in cases:
        with pytest.raises(ValidationError):
            route_services.stop_add(actor=counsellor_a, event=event, **data)
    assert not RouteStop.objects.exists()


def test_events_without_a_route_take_no_stops(counsellor_a):
    fair = route_event(counsellor_a.office, kind=EventKind.FAIR)
    with pytest.raises(ValidationError, match="JOBWALK"):
        add_point(counsellor_a, fair, "Treffpunkt", 52.1, 11.6)
    with pytest.raises(ValidationError):
        route_services.route_optimise(actor=counsellor_a, event=fair)
    assert not RouteStop.objects.exists()


def test_read_only_colleague_team_lead_and_other_office_may_not_write(
    counsellor_a, reader_a, team_lead, counsellor_b
):
    event = route_event(counsellor_a.office)
    stop = add_point(counsellor_a, event, "Treffpunkt", 52.1, 11.6)
    for actor in (reader_a, team_lead, counsellor_b):
        with pytest.raises(WriteDenied):
            add_point(actor, event, "Mehr", 52.2, 11.6)
        with pytest.raises(WriteDenied):
            route_services.stop_remove(actor=actor, stop=stop)
        with pytest.raises(WriteDenied):
            route_services.stop_move(actor=actor, stop=stop, direction="down")
        with pytest.raises(WriteDenied):
            route_services.route_optimise(actor=actor, event=event)
    assert positions(event) == [("Treffpunkt", 1)]


def test_stops_are_numbered_and_renumbered_after_removal(counsellor_a):
    event = route_event(counsellor_a.office)
    _, b, _ = (add_point(counsellor_a, event, label, 52.1, 11.6) for label in "ABC")
    assert positions(event) == [("A", 1), ("B", 2), ("C", 3)]
    route_services.stop_remove(actor=counsellor_a, stop=b)
    assert positions(event) == [("A", 1), ("C", 2)]
    route_services.stop_add(actor=counsellor_a, event=event, label="D", latitude=52, longitude=11)
    assert positions(event) == [("A", 1), ("C", 2), ("D", 3)]


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(counsellor_a):
    event = route_event(counsellor_a.office)
    a, b, c = (add_point(counsellor_a, event, label, 52.1, 11.6) for label in "ABC")
    route_services.stop_move(actor=counsellor_a, stop=c, direction="up")
    assert positions(event) == [("A", 1), ("C", 2), ("B", 3)]
    route_services.stop_move(actor=counsellor_a, stop=a, direction="down")
    assert positions(event) == [("C", 1), ("A", 2), ("B", 3)]
    c.refresh_from_db()
    with pytest.raises(ValidationError, match=r"erste|first"):
        route_services.stop_move(actor=counsellor_a, stop=c, direction="up")
    b.refresh_from_db()
    with pytest.raises(ValidationError):
        route_services.stop_move(actor=counsellor_a, stop=b, direction="down")
    with pytest.raises(ValidationError):
        route_services.stop_move(actor=counsellor_a, stop=b, direction="sideways")
    assert positions(event) == [("C", 1), ("A", 2), ("B", 3)]


def _brute_force_order(points):
    rest = range(1, len(points))
    best = min(
        itertools.permutations(rest),
        key=lambda order: routing.path_length_km(points, (0, *order)),
    )
    return [0, *best]


def test_optimise_applies_the_shortest_order_and_keeps_the_first_stop(counsellor_a):
    event = route_event(counsellor_a.office)
    rng = random.Random(7)
    coordinates = [(52.10 + rng.random() * 0.05, 11.60 + rng.random() * 0.08) for _ in range(7)]
    for number, (lat, lon) in enumerate(coordinates):
        add_point(counsellor_a, event, f"S{number}", lat, lon)
    points = [routing.Point(lat, lon) for lat, lon in coordinates]
    expected = [f"S{i}" for i in _brute_force_order(points)]
    assert expected != [f"S{i}" for i in range(7)]  # the test needs a change to show
    assert route_services.route_optimise(actor=counsellor_a, event=event) is True
    assert [label for label, _ in positions(event)] == expected
    assert [position for _, position in positions(event)] == list(range(1, 8))
    # A second run finds nothing to change.
    assert route_services.route_optimise(actor=counsellor_a, event=event) is False


def test_optimise_refuses_more_than_fifteen_stops(counsellor_a):
    event = route_event(counsellor_a.office)
    for number in range(16):
        add_point(counsellor_a, event, f"S{number}", 52.1 + number / 100, 11.6)
    before = positions(event)
    with pytest.raises(ValidationError, match="15"):
        route_services.route_optimise(actor=counsellor_a, event=event)
    assert positions(event) == before


def test_a_route_has_at_most_max_stops(counsellor_a):
    event = route_event(counsellor_a.office)
    RouteStop.objects.bulk_create(
        RouteStop(event=event, position=n, label=f"S{n}", latitude=52, longitude=11)
        for n in range(1, route_services.MAX_STOPS + 1)
    )
    with pytest.raises(ValidationError):
        add_point(counsellor_a, event, "Zu viel", 52.1, 11.6)


def test_every_change_leaves_one_audit_entry_without_values(counsellor_a):
    event = route_event(counsellor_a.office)
    a = add_point(counsellor_a, event, "Geheim-Label", 52.1, 11.6, contact_phone="0391 9")
    b = add_point(counsellor_a, event, "B", 52.2, 11.6)
    route_services.stop_move(actor=counsellor_a, stop=b, direction="up")
    route_services.route_optimise(actor=counsellor_a, event=event)
    route_services.stop_remove(actor=counsellor_a, stop=a)
    entries = list(AuditEntry.objects.filter(action__startswith="events.route").order_by("id"))
    assert [entry.action for entry in entries] == [
        "events.route_stop.added",
        "events.route_stop.added",
        "events.route_stop.moved",
        "events.route.optimised",
        "events.route_stop.removed",
    ]
    assert entries[3].object_type == "events.event"
    assert all(entry.office_id == counsellor_a.office_id for entry in entries)
    assert "contact_phone" in entries[0].changed_fields
    assert "Geheim" not in str([entry.changed_fields for entry in entries])
