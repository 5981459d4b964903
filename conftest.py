"""Shared personas: a counsellor and a read-only colleague in office A, a counsellor in office B
of the same organisation, a team lead, and a counsellor of another organisation."""

from __future__ import annotations

import pytest

from kausa.core.models import Role
from kausa.core.tests.factories import OfficeFactory, OrganisationFactory, UserFactory

# The browser and page fixtures, shared by tests/browser/ and the apps' browser checks.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Public forms refuse a send faster than a person types (kausa.portal.bots); tests of
    # that check set it back.
    settings.PORTAL_MIN_SUBMIT_SECONDS = 0


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def office_a(organisation):
    return OfficeFactory(organisation=organisation, name="KAUSA Magdeburg")


@pytest.fixture
def office_b(organisation):
    from kausa.core.tests.factories import district

    return OfficeFactory(organisation=organisation, name="KAUSA Halle", district=district("15002"))


@pytest.fixture
def counsellor_a(office_a):
    return UserFactory(office=office_a, role=Role.COUNSELLOR, username="berater.a")


@pytest.fixture
def reader_a(office_a):
    return UserFactory(office=office_a, role=Role.READ_ONLY, username="lesend.a")


@pytest.fixture
def counsellor_b(office_b):
    return UserFactory(office=office_b, role=Role.COUNSELLOR, username="berater.b")


@pytest.fixture
def team_lead(organisation):
    return UserFactory(
        office=None, organisation=organisation, role=Role.TEAM_LEAD, username="leitung"
    )


@pytest.fixture
def outsider(db):
    other = OrganisationFactory(name="Andere Landesstelle")
    return UserFactory(
        office=OfficeFactory(organisation=other), role=Role.COUNSELLOR, username="fremd"
    )


def client_for(client, user):
    client.force_login(user)
    return client
