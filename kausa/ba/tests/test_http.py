"""The polite client with `httpx.MockTransport`: retries, Retry-After, giving up, bad JSON."""

from __future__ import annotations

import httpx
import pytest

from kausa.ba.http import BaRequestError, PoliteClient, retry_after_seconds


def client_with(responses: list[httpx.Response], sleeps: list[float], **options) -> PoliteClient:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return responses[min(len(seen), len(responses)) - 1]

    client = PoliteClient(
        base_url="https://ba.example/jobsuche",
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        min_interval_seconds=0,
        **options,
    )
    client.seen = seen  # type: ignore[attr-defined]
    return client


def test_429_with_retry_after_waits_as_told_then_succeeds():
    sleeps: list[float] = []
    client = client_with(
        [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": 1})],
        sleeps,
    )
    assert client.get_json("/pc/v4/jobs", {"wo": "39104"}) == {"ok": 1}
    assert sleeps == [7.0]
    assert client.stats.as_dict() | {"seconds": 0} == {
        "requests": 2,
        "retries": 1,
        "failures": 0,
        "seconds": 0,
    }
    request = client.seen[0]  # type: ignore[attr-defined]
    assert request.headers["X-API-Key"] == "jobboerse-jobsuche"
    assert request.url.params["wo"] == "39104"


def test_500_then_success_backs_off_exponentially():
    sleeps: list[float] = []
    client = client_with(
        [httpx.Response(500), httpx.Response(503), httpx.Response(200, json=[1])],
        sleeps,
        backoff_seconds=0.5,
    )
    assert client.get_json("/x") == [1]
    assert sleeps == [0.5, 1.0]
    assert client.stats.retries == 2


def test_404_is_not_retried():
    sleeps: list[float] = []
    client = client_with([httpx.Response(404), httpx.Response(200, json={})], sleeps)
    with pytest.raises(BaRequestError) as raised:
        client.get_json("/missing")
    assert raised.value.status == 404
    assert sleeps == [] and client.stats.requests == 1 and client.stats.failures == 1


def test_malformed_json_is_an_error_not_a_crash():
    sleeps: list[float] = []
    client = client_with([httpx.Response(200, content=b'{"stellenangebote": [')], sleeps)
    with pytest.raises(BaRequestError, match="malformed JSON"):
        client.get_json("/pc/v4/jobs")
    assert client.stats.failures == 1


def test_gives_up_after_max_retries():
    sleeps: list[float] = []
    client = client_with([httpx.Response(502)], sleeps, max_retries=3, backoff_seconds=1)
    with pytest.raises(BaRequestError, match="after 4 attempts") as raised:
        client.get_json("/x")
    assert raised.value.status == 502
    assert sleeps == [1.0, 2.0, 4.0]
    assert client.stats.requests == 4 and client.stats.failures == 1


def test_network_errors_are_retried_and_long_waits_capped():
    sleeps: list[float] = []
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.ConnectError("refused", request=request)
        if calls["n"] == 2:
            return httpx.Response(429, headers={"Retry-After": "3600"})
        return httpx.Response(200, json={"ok": True})

    client = PoliteClient(
        base_url="https://ba.example",
        transport=httpx.MockTransport(handler),
        sleep=sleeps.append,
        min_interval_seconds=0,
        backoff_seconds=2,
        max_backoff_seconds=60,
    )
    assert client.get_json("/x") == {"ok": True}
    assert sleeps == [2.0, 60.0]


def test_requests_keep_the_minimum_interval():
    sleeps: list[float] = []
    client = client_with([httpx.Response(200, json={})], sleeps)
    client.min_interval_seconds = 5.0
    client.get_json("/a")
    client.get_json("/b")
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


def test_retry_after_as_http_date_and_garbage():
    future = httpx.Response(429, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"})
    assert retry_after_seconds(future) > 1000
    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "soon"})) is None
    assert retry_after_seconds(httpx.Response(429)) is None


def test_the_job_search_sends_only_the_region_and_the_kind_of_offer():
    from kausa.ba.jobsuche import JobsucheClient

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "/jobdetails/" in request.url.path:
            return httpx.Response(200, json={"refnr": "10001-1002716922-S"})
        return httpx.Response(200, json={"stellenangebote": [], "maxErgebnisse": "0"})

    client = JobsucheClient(
        PoliteClient(
            base_url="https://ba.example/jobsuche",
            transport=httpx.MockTransport(handler),
            min_interval_seconds=0,
        )
    )
    page = client.search_page(postal_code="39104", radius_km=50, page=1, size=100)
    assert page.offers == [] and page.total == 0
    assert dict(seen[0].url.params) == {
        "angebotsart": "4",
        "wo": "39104",
        "umkreis": "50",
        "page": "1",
        "size": "100",
    }
    client.details("10001-1002716922-S")
    assert seen[1].url.path.endswith("/pc/v4/jobdetails/MTAwMDEtMTAwMjcxNjkyMi1T")


def test_schema_drift_in_the_search_answer_is_an_error():
    from kausa.ba.jobsuche import BaSchemaError, JobsucheClient

    for body in ([], {"stellenangebote": {}}, {"stellenangebote": [], "maxErgebnisse": "x"}):
        client = JobsucheClient(
            PoliteClient(
                base_url="https://ba.example",
                transport=httpx.MockTransport(lambda request, b=body: httpx.Response(200, json=b)),
                min_interval_seconds=0,
            )
        )
        with pytest.raises(BaSchemaError):
            client.search_page(postal_code="39104", radius_km=5, page=1)
