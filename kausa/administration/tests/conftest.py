"""Personas of the administration tests: an administrator of the shared organisation."""

from __future__ import annotations

import pytest

from kausa.core.models import Role
from kausa.core.tests.factories import UserFactory


@pytest.fixture
def administrator(organisation):
    return UserFactory(
        office=None, organisation=organisation, role=Role.ADMIN, username="verwaltung"
    )


@pytest.fixture
def other_lead(outsider):
    """A team lead of the other organisation."""
    return UserFactory(
        office=None, organisation=outsider.organisation, role=Role.TEAM_LEAD, username="f.lead"
    )
