"""The Django admin is for superusers only; staff accounts are administered in the staff UI."""

from __future__ import annotations

import pytest

from kausa.core.models import Role
from kausa.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.ADMIN, Role.TEAM_LEAD, Role.COUNSELLOR])
def test_staff_status_without_superuser_gets_no_admin(client, organisation, office_a, role):
    user = UserFactory(
        office=office_a if role == Role.COUNSELLOR else None,
        organisation=organisation,
        role=role,
        is_staff=True,
        is_superuser=False,
    )
    client.force_login(user)
    for path in (
        "/staff/admin/",
        "/staff/admin/core/user/",
        f"/staff/admin/core/user/{user.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/staff/admin/login/"), path


def test_a_superuser_gets_the_admin(client, organisation):
    superuser = UserFactory(
        office=None, organisation=organisation, role=Role.ADMIN, is_staff=True, is_superuser=True
    )
    client.force_login(superuser)
    assert client.get("/staff/admin/").status_code == 200
    assert client.get("/staff/admin/core/user/").status_code == 200
