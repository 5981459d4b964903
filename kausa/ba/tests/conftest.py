"""A fake job agency on a free local port, and clients that never wait for real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kausa.ba.fake_server import FakeBaServer, FakeOffers
from kausa.ba.http import PoliteClient
from kausa.ba.jobsuche import JobsucheClient


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def fake_ba() -> Iterator[FakeBaServer]:
    with FakeBaServer(FakeOffers.generate(30)) as server:
        yield server


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def ba_client(fake_ba: FakeBaServer, sleeps: Sleeps) -> Iterator[JobsucheClient]:
    client = JobsucheClient(
        PoliteClient(base_url=fake_ba.base_url, min_interval_seconds=0, sleep=sleeps)
    )
    yield client
    client.close()
