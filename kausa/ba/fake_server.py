"""A fake of the job agency's job search API for tests, benchmarks and demos (never the network).

Serves `/pc/v4/jobs` and `/pc/v4/jobdetails/{base64(refnr)}` in the shapes of
`jobsuche-openapi.yaml` from synthetic offers (occupations from the occupation list, postal
codes of Sachsen-Anhalt), with switchable scenarios:

- pagination (`page`, `size`, `maxErgebnisse`), `duplicates`: an offer repeated on the next page;
- `rate_limit`: the first request for result page 2 answers 429 with `Retry-After: 1`;
- `server_error`: the first detail request answers 500;
- `malformed`: offers without a reference number, with an unreadable start date, an unknown
  occupation or postal code, and one whose details are not JSON;
- offers disappearing or changing between runs: `remove(refnrs)`, `modify(refnr)`.

In a test: ``with FakeBaServer(FakeOffers.generate(30)) as server: server.base_url``.
From a shell: ``python -m kausa.ba.fake_server --port 8765 --offers 500 --scenarios all``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime
import json
import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from kausa.reference import gazetteer, occupations

SCENARIOS = ("duplicates", "rate_limit", "server_error", "malformed")
# Postal codes of Sachsen-Anhalt in reach of Magdeburg, Halle and Dessau-Roßlau.
_STATE_PREFIX = "15"
MALFORMED_DETAILS_REFNR = "10000-0000000005-S"


def ba_title(name: str, index: int) -> str:
    """The occupation title the way the agency writes it: "Elektroniker/in", sometimes with
    the specialisation after a dash instead of "für"."""
    title = name.replace("/-in", "/in")
    if index % 3 == 0 and " für " in title:
        title = title.replace(" für ", " - ", 1)
    return title


@dataclass
class FakeOffers:
    """The offers the fake serves, in listing order, and the details behind them."""

    offers: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    broken_details: set[str] = field(default_factory=set)

    @classmethod
    def generate(cls, count: int, *, seed: int = 7, malformed: bool = False) -> FakeOffers:
        rng = random.Random(seed)  # noqa: S311 - reproducible synthetic offers
        known = [item for item in occupations.all() if item.new_contracts_2024]
        postal_codes = sorted(
            entry.postal_code
            for entry in gazetteer.entries()
            if entry.district_key.startswith(_STATE_PREFIX)
        )
        employers = max(1, count // 3)
        data = cls()
        for index in range(count):
            occupation = known[rng.randrange(len(known))]
            employer = rng.randrange(employers)
            refnr = f"10000-{1_000_000_000 + index:010d}-S"
            data.add(
                refnr=refnr,
                title=ba_title(occupation.name, index),
                employer=f"Ausbildungsbetrieb {employer:05d} GmbH",
                postal_code=postal_codes[(employer * 7919) % len(postal_codes)],
                start=datetime.date(2027, 8, 1) + datetime.timedelta(days=rng.randrange(0, 60)),
                seats=rng.choice((1, 1, 1, 2, 3)),
                driving_licence=rng.random() < 0.2,
            )
        if malformed:
            data.add_malformed()
        return data

    def add(
        self,
        *,
        refnr: str,
        title: str,
        employer: str,
        postal_code: str,
        start: datetime.date | str | None,
        seats: int = 1,
        driving_licence: bool = False,
        modified: str = "2026-11-20T08:00:00.000",
    ) -> None:
        place = gazetteer.lookup(postal_code)
        town = place.places[0] if place is not None else "Unbekannt"
        start_text = start.isoformat() if isinstance(start, datetime.date) else start
        listing: dict[str, Any] = {
            "hashId": base64.urlsafe_b64encode(refnr.encode()).decode(),
            "beruf": title,
            "titel": f"Ausbildung {title} (m/w/d)",
            "refnr": refnr,
            "arbeitgeber": employer,
            "aktuelleVeroeffentlichungsdatum": "2026-11-20",
            "eintrittsdatum": start_text,
            # The listing's postal code is a number in the spec; the details' a string.
            "arbeitsort": {
                "plz": int(postal_code) if postal_code.isdigit() else postal_code,
                "ort": town,
                "region": "Sachsen-Anhalt",
                "land": "Deutschland",
            },
            "modifikationsTimestamp": modified,
        }
        skills = [{"hierarchieName": "Führerschein", "auspraegungen": {"": ["Führerschein B"]}}]
        self.offers.append({key: value for key, value in listing.items() if value is not None})
        self.details[refnr] = {
            "refnr": refnr,
            "referenznummer": refnr,
            "beruf": title,
            "stellenangebotsTitel": listing["titel"],
            "angebotsart": "AUSBILDUNG",
            "arbeitgeber": employer,
            "arbeitsorte": [{"plz": postal_code, "ort": town, "land": "Deutschland"}],
            "arbeitgeberAdresse": {"plz": postal_code, "ort": town, "strasse": "Hauptstr. 1"},
            "eintrittsdatum": start_text,
            "anzahlOffeneStellen": seats,
            "stellenangebotsBeschreibung": f"Wir bilden aus: {title}.",
            "fertigkeiten": skills if driving_licence else [],
            "modifikationsTimestamp": modified,
        }

    def add_malformed(self) -> None:
        """Offers the import must report and skip while the rest imports."""

        def bad(refnr: str, title: str, start: str, postal_code: str = "39104") -> None:
            self.add(
                refnr=refnr,
                title=title,
                employer="Fehlerfrei GmbH",
                postal_code=postal_code,
                start=start,
            )

        bad("10000-0000000001-S", "Zauberer/in", "2027-08-01")
        bad("10000-0000000002-S", "Koch/Köchin", "bald")
        bad("10000-0000000003-S", "Koch/Köchin", "2027-08-01", postal_code="00000")
        bad("10000-0000000004-S", "Koch/Köchin", "2027-08-01")
        del self.offers[-1]["refnr"]
        bad(MALFORMED_DETAILS_REFNR, "Koch/Köchin", "2027-08-01")
        self.broken_details.add(MALFORMED_DETAILS_REFNR)

    def remove(self, refnrs: Iterable[str]) -> None:
        gone = set(refnrs)
        self.offers = [offer for offer in self.offers if offer.get("refnr") not in gone]

    def modify(self, refnr: str, **changes: Any) -> None:
        """Change an offer at the agency (a new modification time, new seats or start)."""
        stamp = "2026-11-27T09:30:00.000"
        for offer in self.offers:
            if offer.get("refnr") == refnr:
                offer["modifikationsTimestamp"] = stamp
        self.details[refnr].update({"modifikationsTimestamp": stamp, **changes})


@dataclass
class _State:
    data: FakeOffers
    scenarios: set[str]
    requests: list[str] = field(default_factory=list)
    served_once: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def first_time(self, key: str) -> bool:
        with self.lock:
            if key in self.served_once:
                return False
            self.served_once.add(key)
            return True

    def listing(self) -> list[dict[str, Any]]:
        offers = list(self.data.offers)
        if "duplicates" in self.scenarios and len(offers) > 3:
            offers.insert(3, offers[1])  # shifts the next pages: one offer is seen twice
        return offers


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server.state
        url = urlsplit(self.path)
        with state.lock:
            state.requests.append(url.path)
        if self.headers.get("X-API-Key") != "jobboerse-jobsuche":
            self._send(403, {"message": "missing client id"})
        elif url.path.endswith("/pc/v4/jobs"):
            self._jobs(state, parse_qs(url.query))
        elif "/pc/v4/jobdetails/" in url.path:
            self._details(state, unquote(url.path.rsplit("/", 1)[1]))
        else:
            self._send(404, {"message": "not found"})

    def _jobs(self, state: _State, query: dict[str, list[str]]) -> None:
        page = int(query.get("page", ["1"])[0])
        size = int(query.get("size", ["25"])[0])
        if "rate_limit" in state.scenarios and page == 2 and state.first_time("429"):
            self._send(429, {"message": "too many requests"}, {"Retry-After": "1"})
            return
        offers = state.listing()
        chunk = offers[(page - 1) * size : page * size]
        body = {
            "stellenangebote": chunk,
            "maxErgebnisse": str(len(offers)),
            "page": str(page),
            "size": str(size),
            "facetten": [],
        }
        self._send(200, body)

    def _details(self, state: _State, code: str) -> None:
        try:
            refnr = base64.b64decode(code.encode(), altchars=b"-_", validate=False).decode()
        except (binascii.Error, UnicodeDecodeError):
            self._send(400, {"message": "bad code"})
            return
        if "server_error" in state.scenarios and state.first_time("500"):
            self._send(500, {"message": "internal error"})
            return
        if refnr in state.data.broken_details:
            self._send_raw(200, b'{"refnr": "' + refnr.encode() + b'", "beruf": ')
            return
        detail = state.data.details.get(refnr)
        if detail is None:
            self._send(404, {"message": "not found"})
            return
        self._send(200, detail)

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(body, ensure_ascii=False).encode(), headers)

    def _send_raw(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: _State


class FakeBaServer:
    """The fake on 127.0.0.1 in a background thread; port 0 picks a free port."""

    def __init__(self, data: FakeOffers, *, scenarios: Iterable[str] = (), port: int = 0) -> None:
        unknown = set(scenarios) - set(SCENARIOS)
        if unknown:
            raise ValueError(f"unknown scenarios: {sorted(unknown)}")
        self.state = _State(data=data, scenarios=set(scenarios))
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.state = self.state
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def data(self) -> FakeOffers:
        return self.state.data

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/jobboerse/jobsuche-service"

    @property
    def requests(self) -> list[str]:
        return list(self.state.requests)

    def start(self) -> FakeBaServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeBaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--scenarios", default="", help=f"comma-separated of {', '.join(SCENARIOS)}, or 'all'"
    )
    args = parser.parse_args(argv)
    chosen = SCENARIOS if args.scenarios == "all" else [s for s in args.scenarios.split(",") if s]
    data = FakeOffers.generate(args.offers, seed=args.seed, malformed="malformed" in chosen)
    server = FakeBaServer(data, scenarios=chosen, port=args.port)
    print(f"fake job agency at {server.base_url} ({len(data.offers)} offers)", flush=True)
    server._server.serve_forever()


if __name__ == "__main__":
    main()
