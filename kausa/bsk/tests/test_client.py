"""The course-search client against the fake server: results, paging, errors, bad data."""

from __future__ import annotations

import datetime

import pytest

from kausa.ba.http import PoliteClient
from kausa.bsk.client import (
    SEARCH_PATH,
    SPRACHKURS_API_KEY,
    CourseSearchError,
    Origin,
    parse_course,
    search_courses,
    search_params,
    umkreis_for,
)
from kausa.bsk.fake_server import FakeCourseServer, course_item

MAGDEBURG = Origin(postal_code="39104", place="Magdeburg", latitude=52.1277, longitude=11.6292)


@pytest.fixture
def server():
    with FakeCourseServer() as fake:
        yield fake


def client_for(server, sleeps=None) -> PoliteClient:
    recorded = sleeps if sleeps is not None else []
    return PoliteClient(
        base_url=server.url,
        api_key=SPRACHKURS_API_KEY,
        max_retries=2,
        min_interval_seconds=0.0,
        sleep=recorded.append,
    )


def test_finds_the_courses_in_reach_with_distances_and_flags(server):
    result = search_courses(client_for(server), MAGDEBURG, radius_km=50)
    by_id = {course.id: course for course in result.courses}
    # Halle and Dessau are more than 50 km away: the fake filters by the radius step (50).
    assert set(by_id) == {"9001", "9002"}
    assert by_id["9001"].azubi_suitable is True
    assert by_id["9002"].azubi_suitable is False
    assert by_id["9001"].provider == "Sprachschule Elbe gGmbH"
    assert by_id["9001"].distance_km == 0.0
    assert by_id["9001"].start == datetime.date.today() + datetime.timedelta(days=30)
    assert by_id["9001"].link == "https://sprachschule.example/kurse"
    wide = search_courses(client_for(server), MAGDEBURG, radius_km=120)
    assert {course.id for course in wide.courses} == {"9001", "9002", "9003", "9004", "9005"}
    halle = next(course for course in wide.courses if course.id == "9003")
    assert 70 < (halle.distance_km or 0) < 90  # Magdeburg – Halle (Saale), straight line


def test_sends_only_region_radius_and_course_type_with_the_api_key(server):
    search_courses(client_for(server), MAGDEBURG, radius_km=50)
    request = server.requests[0]
    assert request["path"] == SEARCH_PATH
    assert request["api_key"] == SPRACHKURS_API_KEY
    assert set(request["params"]) == {"orte", "umkreis", "systematiken", "page"}
    assert request["params"]["orte"] == "Magdeburg_39104_11.629200_52.127700"
    assert request["params"]["umkreis"] == "50"
    assert request["params"]["systematiken"] == "MC"


def test_pages_through_all_results(server):
    server.state.courses = [course_item(100 + n, f"Kurs {n}") for n in range(5)]
    server.state.page_size = 2
    result = search_courses(client_for(server), MAGDEBURG, radius_km=50)
    assert sorted(course.id for course in result.courses) == [str(100 + n) for n in range(5)]
    assert result.pages == 3
    assert [request["params"]["page"] for request in server.requests] == ["0", "1", "2"]


def test_stops_at_the_page_limit(server):
    server.state.courses = [course_item(100 + n, f"Kurs {n}") for n in range(6)]
    server.state.page_size = 2
    result = search_courses(client_for(server), MAGDEBURG, radius_km=50, max_pages=2)
    assert len(result.courses) == 4 and len(server.requests) == 2


def test_an_empty_answer_is_no_error(server):
    server.state.courses = []
    result = search_courses(client_for(server), MAGDEBURG, radius_km=25)
    assert result.courses == [] and result.skipped == 0


def test_a_429_is_retried_after_the_time_the_server_asks_for(server):
    server.state.fail_next = [(429, {"Retry-After": "3"})]
    sleeps: list[float] = []
    result = search_courses(client_for(server, sleeps), MAGDEBURG, radius_km=50)
    assert len(result.courses) == 2
    assert 3.0 in sleeps
    assert len(server.requests) == 2


def test_a_lasting_500_is_an_error_after_the_retries(server):
    server.state.fail_next = [(500, {})] * 5
    with pytest.raises(CourseSearchError, match="500"):
        search_courses(client_for(server), MAGDEBURG, radius_km=50)
    assert len(server.requests) == 3  # the first try and two retries


def test_a_refused_request_is_not_retried(server):
    server.state.fail_next = [(403, {})]
    with pytest.raises(CourseSearchError, match="403"):
        search_courses(client_for(server), MAGDEBURG, radius_km=50)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"_embedded": {"termine": "oops"}}', b'"text"'],
)
def test_malformed_answers_are_errors(server, body):
    server.state.malformed_next = [body]
    with pytest.raises(CourseSearchError):
        search_courses(client_for(server), MAGDEBURG, radius_km=50)


def test_damaged_entries_are_skipped_and_counted(server):
    broken_title = course_item(3, "x")
    broken_title["angebot"]["titel"] = {"de": "nested"}
    server.state.courses = [course_item(1, "Gut"), broken_title]
    server.state.malformed_next = []
    result = search_courses(client_for(server), MAGDEBURG, radius_km=50)
    assert [course.id for course in result.courses] == ["1"]
    assert result.skipped == 1
    assert parse_course("text") is None
    assert parse_course({"id": True, "angebot": {"titel": "x"}}) is None


def test_parsing_is_defensive_about_coordinates_dates_and_links():
    item = course_item(7, "  Kurs\n B2  ", link="javascript:alert(1)")
    item["adresse"]["koordinaten"] = {"lat": 11.6292, "lon": 52.1277}  # swapped, as in the spec
    item["beginn"] = "1649109600000"  # a digit string, as the spec's other dates
    item["ende"] = "soon"
    course = parse_course(item)
    assert course is not None
    assert course.title == "Kurs B2"
    assert (course.latitude, course.longitude) == (52.1277, 11.6292)
    assert course.start == datetime.date(2022, 4, 4)
    assert course.end is None
    assert course.link == ""  # only http(s) links are kept
    item["adresse"]["koordinaten"] = {"lat": 0.0, "lon": 0.0}
    item["angebot"]["bildungsanbieter"]["adresse"] = {}
    item["link"] = 'https://x.example/"onmouseover="alert(1)'
    course = parse_course(item)
    assert course is not None and course.latitude is None and course.link == ""


def test_radius_steps_and_parameters():
    assert [umkreis_for(km) for km in (10, 25, 26, 50, 200, 201)] == [
        "25",
        "25",
        "50",
        "50",
        "200",
        "Bundesweit",
    ]
    odd = Origin(postal_code="06108", place="Halle_(Saale),x", latitude=51.5, longitude=12.0)
    assert search_params(odd, 50, "MC")["orte"] == "Halle (Saale) x_06108_12.000000_51.500000"
