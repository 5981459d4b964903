"""A polite HTTP client for the job agency's public APIs (job search, language courses).

Timeouts on every request, retries with exponential backoff on 429 and 5xx (honouring
`Retry-After`), and a minimum interval between requests so an import never hammers a public
service. Only region and occupation queries are sent: no personal data goes to the agency.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

logger = logging.getLogger("kausa.ba")

# The public client id of the agency's own web app (documented in the community spec).
BA_API_KEY = "jobboerse-jobsuche"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class BaRequestError(Exception):
    """A request that failed for good (after retries), with the status if there was one."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class RequestStats:
    """What a client fetched, for the import report and the audit log (no payloads)."""

    requests: int = 0
    retries: int = 0
    failures: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "requests": self.requests,
            "retries": self.retries,
            "failures": self.failures,
            "seconds": round(self.seconds, 3),
        }


@dataclass
class PoliteClient:
    """GET JSON from `base_url` politely. Inject `transport` in tests (`httpx.MockTransport`)
    or point `base_url` at the fake server; `sleep` is injectable so tests need not wait."""

    base_url: str
    api_key: str = BA_API_KEY
    timeout: float = 15.0
    max_retries: int = 4
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 60.0
    min_interval_seconds: float = 0.2
    transport: httpx.BaseTransport | None = None
    sleep: Callable[[float], None] = time.sleep
    stats: RequestStats = field(default_factory=RequestStats)
    _last_request_at: float = field(default=0.0, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                base_url=self.base_url.rstrip("/"),
                timeout=self.timeout,
                transport=self.transport,
                headers={"X-API-Key": self.api_key, "Accept": "application/json"},
                follow_redirects=False,
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """The decoded JSON body of GET `path`; `BaRequestError` when it cannot be had
        (a status that is not retried, retries used up, network errors, malformed JSON)."""
        started = time.monotonic()
        try:
            response = self._get_with_retries(path, params)
            try:
                return response.json()
            except ValueError as error:
                self.stats.failures += 1
                raise BaRequestError("malformed JSON", status=response.status_code) from error
        finally:
            self.stats.seconds += time.monotonic() - started

    def _get_with_retries(self, path: str, params: Mapping[str, Any] | None) -> httpx.Response:
        attempt = 0
        while True:
            self._wait_for_turn()
            self.stats.requests += 1
            try:
                response = self._http().get(path, params=dict(params or {}))
            except httpx.TransportError as error:
                status, delay = None, self._backoff(attempt)
                reason = type(error).__name__
            else:
                if response.status_code < 400:
                    return response
                status, reason = response.status_code, f"HTTP {response.status_code}"
                if status not in RETRY_STATUSES:
                    self.stats.failures += 1
                    raise BaRequestError(reason, status=status)
                delay = retry_after_seconds(response) or self._backoff(attempt)
            if attempt >= self.max_retries:
                self.stats.failures += 1
                raise BaRequestError(f"{reason} after {attempt + 1} attempts", status=status)
            attempt += 1
            self.stats.retries += 1
            logger.info("ba request retry %d after %s (waiting %.1f s)", attempt, reason, delay)
            self.sleep(min(delay, self.max_backoff_seconds))

    def _backoff(self, attempt: int) -> float:
        return float(min(self.backoff_seconds * 2**attempt, self.max_backoff_seconds))

    def _wait_for_turn(self) -> None:
        elapsed = time.monotonic() - self._last_request_at
        if self._last_request_at and elapsed < self.min_interval_seconds:
            self.sleep(self.min_interval_seconds - elapsed)
        self._last_request_at = time.monotonic()


def retry_after_seconds(response: httpx.Response) -> float | None:
    """`Retry-After` as seconds (a number or an HTTP date), if the server sent one."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
