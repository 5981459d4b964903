"""A fake of the job agency's language-course search, shaped like its spec, for tests and demos.

    python -m kausa.bsk.fake_server --port 8765

serves `GET /pc/v1/bildungsangebot` with a handful of job-language courses in Sachsen-Anhalt
(filtered by `orte` + `umkreis`, paged by `page`). In tests, start it on port 0 with
`FakeCourseServer()`; it records every request (path, parameters, API key) and can be told to
answer with errors (`fail_next`) or malformed bodies (`malformed_next`). Standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

SEARCH_PATH = "/pc/v1/bildungsangebot"
API_KEY = "bd24f42e-ad0b-4005-b834-23bb6800dc6c"
DAY_MS = 86_400_000


def _epoch_ms(day: datetime.date) -> int:
    moment = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    return int(moment.timestamp() * 1000)


def course_item(
    course_id: int,
    title: str,
    *,
    provider: str = "Sprachschule Elbe gGmbH",
    postal_code: str = "39104",
    place: str = "Magdeburg",
    latitude: float = 52.1277,
    longitude: float = 11.6292,
    azubi: bool = True,
    starts_in_days: int = 30,
    link: str = "https://sprachschule.example/kurse",
    systematik: str = "MC 01 3",
) -> dict[str, Any]:
    """One course date (`_embedded.termine[]`) in the shape of the spec."""
    start = datetime.date.today() + datetime.timedelta(days=starts_in_days)
    address = {
        "id": course_id + 1,
        "bezeichnung": provider,
        "strasse": "Breiter Weg 1",
        "ortStrasse": {
            "id": 1,
            "plz": postal_code,
            "name": place,
            "land": {"id": 14, "name": "Sachsen-Anhalt", "code": "SAN"},
        },
        "koordinaten": {"lat": latitude, "lon": longitude},
    }
    return {
        "id": course_id,
        "unterrichtsform": {"id": 2, "bezeichnung": "Vor-Ort-Teilzeit"},
        "foerderung": True,
        "beginn": _epoch_ms(start),
        "ende": _epoch_ms(start) + 180 * DAY_MS,
        "dauer": {"id": 5, "bezeichnung": "mehr als 3 Monate bis 6 Monate"},
        "teilnehmerMin": 7,
        "teilnehmerMax": 20,
        "link": link,
        "individuellerEinstieg": False,
        "unterrichtszeiten": "<p>Montag und Mittwoch<br/>16:00 - 19:15 Uhr</p>",
        "angebot": {
            "id": course_id * 10,
            "titel": title,
            "abschlussbezeichnung": "- B2",
            "foerderung": "BAMF",
            "bildungsanbieter": {"id": 4711, "name": provider, "adresse": address},
            "bildungsart": {"id": 110, "bezeichnung": "Berufssprachkurse"},
            "systematiken": [{"id": 130171, "codeNr": systematik}],
        },
        "adresse": address,
        "azubiGeeignet": azubi,
        "ansprechpartner": [],
        "abstaende": [],
    }


def demo_courses() -> list[dict[str, Any]]:
    """Courses in Magdeburg, Halle (Saale) and Dessau-Roßlau; only some are for apprentices."""
    return [
        course_item(9001, "Azubi-BSK B2 – berufsbegleitend (Teilzeit, abends)"),
        course_item(9002, "Berufssprachkurs B1 – allgemein", azubi=False),
        course_item(
            9003,
            "Azubi-BSK B1/B2 – Pflege und Gesundheit",
            provider="Bildungswerk Saale e. V.",
            postal_code="06108",
            place="Halle (Saale)",
            latitude=51.4825,
            longitude=11.9705,
            starts_in_days=60,
        ),
        course_item(
            9004,
            "Azubi-BSK B2 – Handwerk und Technik",
            provider="Volkshochschule Dessau-Roßlau",
            postal_code="06844",
            place="Dessau-Roßlau",
            latitude=51.8336,
            longitude=12.2465,
            starts_in_days=90,
        ),
        course_item(
            9005,
            "Spezialberufssprachkurs Gewerbe-Technik",
            provider="Volkshochschule Dessau-Roßlau",
            postal_code="06844",
            place="Dessau-Roßlau",
            latitude=51.8336,
            longitude=12.2465,
            azubi=False,
            systematik="MC 02",
        ),
    ]


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _origin(orte: str) -> tuple[str, float, float] | None:
    """(name, lat, lon) of the first `Name_PLZ_lon_lat` place of the `orte` parameter."""
    parts = orte.split(",")[0].split("_")
    try:
        return parts[0], float(parts[-1]), float(parts[-2])
    except (IndexError, ValueError):
        return None


@dataclass
class FakeState:
    courses: list[dict[str, Any]] = field(default_factory=demo_courses)
    page_size: int = 20
    requests: list[dict[str, Any]] = field(default_factory=list)
    # (status, headers) answered to the next requests, first one first
    fail_next: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    malformed_next: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def matching(self, params: dict[str, str]) -> list[dict[str, Any]]:
        found = []
        origin = _origin(params.get("orte", ""))
        radius = params.get("umkreis", "Bundesweit")
        for course in self.courses:
            codes = [s.get("codeNr", "") for s in course["angebot"].get("systematiken", [])]
            wanted = params.get("systematiken")
            if wanted and not any(code.startswith(wanted) for code in codes):
                continue
            course = json.loads(json.dumps(course))
            if origin is not None:
                coordinates = course["adresse"]["koordinaten"]
                distance = _distance_km(
                    origin[1], origin[2], coordinates["lat"], coordinates["lon"]
                )
                if radius.isdigit() and distance > int(radius):
                    continue
                course["abstaende"] = [{"ort": {"name": origin[0]}, "abstandInKm": distance}]
            found.append(course)
        return found

    def answer(self, params: dict[str, str]) -> dict[str, Any]:
        found = self.matching(params)
        size = self.page_size
        try:
            number = max(0, int(params.get("page", "0")))
        except ValueError:
            number = 0
        total_pages = max(1, math.ceil(len(found) / size))
        body: dict[str, Any] = {
            "page": {
                "size": size,
                "totalElements": len(found),
                "totalPages": total_pages,
                "number": number,
            },
            "_links": {"self": {"href": SEARCH_PATH}},
        }
        chunk = found[number * size : (number + 1) * size]
        if chunk:
            body["_embedded"] = {"termine": chunk}
        return body


class _Handler(BaseHTTPRequestHandler):
    state: FakeState  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests read `requests` instead

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(url.query).items()}
        with self.state.lock:
            self.state.requests.append(
                {"path": url.path, "params": params, "api_key": self.headers.get("X-API-Key")}
            )
            failure = self.state.fail_next.pop(0) if self.state.fail_next else None
            malformed = self.state.malformed_next.pop(0) if self.state.malformed_next else None
        if failure is not None:
            self._send(failure[0], b'{"message": "fake failure"}', failure[1])
        elif url.path != SEARCH_PATH:
            self._send(404, b'{"message": "not found"}')
        elif self.headers.get("X-API-Key") != API_KEY:
            self._send(403, b'{"message": "missing or wrong X-API-Key"}')
        elif malformed is not None:
            self._send(200, malformed)
        else:
            self._send(200, json.dumps(self.state.answer(params)).encode())

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class FakeCourseServer:
    """The fake on a free local port, served by a background thread (a context manager)."""

    def __init__(self, port: int = 0, state: FakeState | None = None) -> None:
        self.state = state or FakeState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.state.requests

    def start(self) -> FakeCourseServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeCourseServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def running(port: int = 0) -> Iterator[FakeCourseServer]:
    """A started server for a pytest fixture: `yield from running()`."""
    server = FakeCourseServer(port).start()
    try:
        yield server
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args(argv)
    server = FakeCourseServer(args.port)
    print(f"fake course search on {server.url}{SEARCH_PATH}")
    try:
        server._server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._server.server_close()


if __name__ == "__main__":
    main()
