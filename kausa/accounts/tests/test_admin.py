"""The Django admin signs in through the same throttled two-step login."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from kausa.accounts.admin_site import StaffAdminSite
from kausa.accounts.tests.helpers import code_for, enroll, post_code, post_password
from kausa.core.models import Role
from kausa.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(organisation):
    return UserFactory(
        username="admin.kausa",
        office=None,
        organisation=organisation,
        role=Role.ADMIN,
        is_staff=True,
        is_superuser=True,
    )


def test_the_admin_site_is_ours():
    assert isinstance(admin.site, StaffAdminSite)


def test_admin_login_is_the_staff_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/core/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote('/admin/core/user/', safe='')}"
    # Its own form is gone: posting credentials to it signs nobody in (and skips no throttle).
    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_admin_with_both_steps(client, administrator, mfa_required):
    device, _codes = enroll(administrator)
    response = post_password(client, "admin.kausa", query="?next=/staff/admin/")
    assert response["Location"] == reverse("accounts:verify")
    response = post_code(client, code_for(device))
    assert response["Location"] == "/staff/admin/"
    assert client.get("/staff/admin/").status_code == 200


def test_admin_refuses_a_session_without_the_second_factor(client, administrator, settings):
    settings.MFA_REQUIRED = True
    # Without our enrollment middleware, the admin site's own check must hold.
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("MfaEnrollmentMiddleware")
    ]
    enroll(administrator)
    client.force_login(administrator)

    response = client.get("/staff/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_without_required_mfa_needs_only_staff_status(client, administrator):
    client.force_login(administrator)
    assert client.get("/staff/admin/").status_code == 200


def test_has_permission_needs_a_verified_session(administrator, settings):
    settings.MFA_REQUIRED = True
    request = RequestFactory().get("/staff/admin/")
    request.user = administrator
    administrator.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    administrator.is_verified = lambda: True
    assert admin.site.has_permission(request)
