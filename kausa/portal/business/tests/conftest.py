from __future__ import annotations

import pytest
from django.test import Client

from kausa.portal.tests.world import World, build_world, sign_in_account


@pytest.fixture
def world(organisation, office_a, counsellor_a) -> World:
    return build_world(organisation, office_a, counsellor_a)


@pytest.fixture
def company_client(world) -> Client:
    client = Client()
    sign_in_account(client, world.account)
    return client


@pytest.fixture
def other_client(world) -> Client:
    client = Client()
    sign_in_account(client, world.other_account)
    return client
