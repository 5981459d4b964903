"""Role changes, deactivation, reactivation and second-factor resets."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from kausa.accounts.tests.helpers import enroll
from kausa.administration import audit_actions
from kausa.administration.models import MfaResetRecord
from kausa.administration.tests.helpers import admin_entries
from kausa.api.models import TokenScope
from kausa.api.services import api_token_create
from kausa.core.models import Role
from kausa.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def role_url(user):
    return reverse("administration:role", args=[user.pk])


def test_team_lead_changes_a_role_and_office(client, team_lead, counsellor_a, office_b):
    client.force_login(team_lead)
    assert client.get(role_url(counsellor_a)).status_code == 200
    response = client.post(role_url(counsellor_a), {"role": Role.READ_ONLY, "office": office_b.pk})
    assert response.status_code == 302
    counsellor_a.refresh_from_db()
    assert (counsellor_a.role, counsellor_a.office) == (Role.READ_ONLY, office_b)
    [entry] = admin_entries(audit_actions.ROLE_CHANGED)
    assert sorted(entry.changed_fields) == ["office", "role"]
    assert entry.object_id == str(counsellor_a.pk)


def test_team_lead_cannot_make_an_administrator(client, team_lead, counsellor_a):
    client.force_login(team_lead)
    response = client.post(role_url(counsellor_a), {"role": Role.ADMIN, "office": ""})
    assert response.status_code == 200 and "role" in response.context["form"].errors
    counsellor_a.refresh_from_db()
    assert counsellor_a.role == Role.COUNSELLOR and admin_entries() == []


def test_team_lead_cannot_touch_an_administrator(client, team_lead, administrator):
    client.force_login(team_lead)
    response = client.post(role_url(administrator), {"role": Role.TEAM_LEAD, "office": ""})
    assert response.status_code == 403
    deactivate = reverse("administration:deactivate", args=[administrator.pk])
    assert client.post(deactivate).status_code == 403
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN and administrator.is_active


def test_administrator_makes_an_administrator(client, administrator, team_lead):
    client.force_login(administrator)
    response = client.post(role_url(team_lead), {"role": Role.ADMIN, "office": ""})
    assert response.status_code == 302
    team_lead.refresh_from_db()
    assert team_lead.role == Role.ADMIN


def test_nobody_changes_their_own_role(client, administrator, team_lead):
    client.force_login(administrator)
    response = client.post(role_url(administrator), {"role": Role.TEAM_LEAD, "office": ""})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    administrator.refresh_from_db()
    assert administrator.role == Role.ADMIN
    deactivate = reverse("administration:deactivate", args=[administrator.pk])
    client.post(deactivate)
    administrator.refresh_from_db()
    assert administrator.is_active and admin_entries() == []


def test_an_administrator_may_step_down_while_another_remains(client, administrator, organisation):
    second = UserFactory(office=None, organisation=organisation, role=Role.ADMIN)
    client.force_login(administrator)
    assert client.post(role_url(second), {"role": Role.TEAM_LEAD, "office": ""}).status_code == 302
    second.refresh_from_db()
    assert second.role == Role.TEAM_LEAD


def test_the_last_active_administrator_remains(administrator, organisation):
    """Only another active administrator may demote or deactivate an administrator, so over
    HTTP the last one is protected by that rule already; the service checks it anyway
    (commands and the API reach services without the view)."""
    from django.core.exceptions import ValidationError

    from kausa.administration.services.staff import _keep_an_administrator

    UserFactory(office=None, organisation=organisation, role=Role.ADMIN, is_active=False)
    UserFactory(office=None, organisation=None, role=Role.ADMIN)  # another organisation's
    with pytest.raises(ValidationError):
        _keep_an_administrator(administrator)
    UserFactory(office=None, organisation=organisation, role=Role.ADMIN)
    _keep_an_administrator(administrator)  # another active one remains


def test_counsellor_needs_an_office(client, team_lead):
    member = UserFactory(office=None, organisation=team_lead.organisation, role=Role.TEAM_LEAD)
    client.force_login(team_lead)
    response = client.post(role_url(member), {"role": Role.COUNSELLOR, "office": ""})
    assert response.status_code == 200 and "office" in response.context["form"].errors
    member.refresh_from_db()
    assert member.role == Role.TEAM_LEAD


def test_deactivation_ends_sessions_and_revokes_tokens(client, team_lead, counsellor_a):
    _token, secret = api_token_create(
        actor=counsellor_a, name="Werkzeug", scope=TokenScope.READ, valid_days=30
    )
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert Client().get("/api/v1/people/", **bearer).status_code == 200
    colleague = Client()
    colleague.force_login(counsellor_a)
    assert colleague.get(reverse("people:list")).status_code == 200

    client.force_login(team_lead)
    response = client.post(reverse("administration:deactivate", args=[counsellor_a.pk]))
    assert response.status_code == 302

    counsellor_a.refresh_from_db()
    assert not counsellor_a.is_active
    assert not counsellor_a.api_tokens.filter(revoked_at=None).exists()
    response = colleague.get(reverse("people:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert "_auth_user_id" not in colleague.session
    assert Client().get("/api/v1/people/", **bearer).status_code == 401
    [entry] = admin_entries()
    assert entry.action == audit_actions.STAFF_DEACTIVATED
    assert set(entry.changed_fields) == {"is_active", "sessions", "api_tokens"}
    # A deactivated account cannot sign in.
    from kausa.accounts.tests.helpers import post_password, signed_in

    login = Client()
    post_password(login, "berater.a")
    assert not signed_in(login)


def test_reactivation(client, team_lead, counsellor_a):
    client.force_login(team_lead)
    client.post(reverse("administration:deactivate", args=[counsellor_a.pk]))
    response = client.post(reverse("administration:reactivate", args=[counsellor_a.pk]))
    assert response.status_code == 302
    counsellor_a.refresh_from_db()
    assert counsellor_a.is_active
    assert [e.action for e in admin_entries()] == [
        audit_actions.STAFF_REACTIVATED,
        audit_actions.STAFF_DEACTIVATED,
    ]
    # Reactivating an active account changes nothing and writes nothing.
    client.post(reverse("administration:reactivate", args=[counsellor_a.pk]))
    assert len(admin_entries()) == 2


def test_post_only_actions_refuse_get(client, team_lead, counsellor_a):
    client.force_login(team_lead)
    for name in ("deactivate", "reactivate", "resend"):
        url = reverse(f"administration:{name}", args=[counsellor_a.pk])
        assert client.get(url).status_code == 405
    counsellor_a.refresh_from_db()
    assert counsellor_a.is_active


def test_mfa_reset_needs_a_reason(client, team_lead, counsellor_a):
    enroll(counsellor_a)
    client.force_login(team_lead)
    url = reverse("administration:mfa_reset", args=[counsellor_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    assert TOTPDevice.objects.filter(user=counsellor_a).exists()
    assert admin_entries() == []


def test_mfa_reset_removes_the_factor_and_asks_for_a_new_one(
    client, team_lead, counsellor_a, settings
):
    settings.MFA_REQUIRED = True
    enroll(counsellor_a)
    victim = Client()
    victim.force_login(counsellor_a)
    client.force_login(team_lead)
    # The team lead's own session needs no verified factor for this test.
    settings.MFA_REQUIRED = False
    response = client.post(
        reverse("administration:mfa_reset", args=[counsellor_a.pk]), {"reason": "Handy verloren"}
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=counsellor_a).exists()
    assert not StaticDevice.objects.filter(user=counsellor_a).exists()
    assert MfaResetRecord.objects.get(user=counsellor_a).reason == "Handy verloren"
    [entry] = admin_entries(audit_actions.STAFF_MFA_RESET)
    assert "Handy verloren" not in str(entry.changed_fields)
    # The member's session has ended; signing in again leads to the setup of a new factor.
    response = victim.get(reverse("people:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    settings.MFA_REQUIRED = True
    again = Client()
    again.force_login(counsellor_a)
    response = again.get(reverse("people:list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:mfa_setup")
    settings.MFA_REQUIRED = False
    detail = client.get(reverse("administration:staff_detail", args=[counsellor_a.pk]))
    assert "Handy verloren" in detail.content.decode()


def test_team_lead_of_another_organisation_gets_404(client, other_lead, counsellor_a):
    client.force_login(other_lead)
    for name in ("staff_detail", "role", "mfa_reset"):
        assert (
            client.get(reverse(f"administration:{name}", args=[counsellor_a.pk])).status_code == 404
        )
    for name in ("deactivate", "reactivate", "resend", "role", "mfa_reset"):
        url = reverse(f"administration:{name}", args=[counsellor_a.pk])
        assert client.post(url, {"role": Role.READ_ONLY, "reason": "x"}).status_code == 404
    counsellor_a.refresh_from_db()
    assert counsellor_a.is_active and counsellor_a.role == Role.COUNSELLOR
    assert admin_entries() == []


@pytest.mark.parametrize("persona", ["counsellor_a", "reader_a"])
def test_office_staff_get_403_on_every_route(client, request, persona, counsellor_b, office_a):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    target = counsellor_b.pk
    gets = ["staff", "invite", "offices", "office_create"]
    for name in gets:
        assert client.get(reverse(f"administration:{name}")).status_code == 403, name
    for name in ("staff_detail", "role", "mfa_reset"):
        assert client.get(reverse(f"administration:{name}", args=[target])).status_code == 403
    for name in ("deactivate", "reactivate", "resend", "role", "mfa_reset"):
        url = reverse(f"administration:{name}", args=[target])
        assert client.post(url, {"role": Role.ADMIN, "reason": "x"}).status_code == 403, name
    assert client.get(reverse("administration:office_edit", args=[office_a.pk])).status_code == 403
    counsellor_b.refresh_from_db()
    assert counsellor_b.is_active and counsellor_b.role == Role.COUNSELLOR
    assert admin_entries() == []


def test_the_menu_shows_administration_to_leads_only(client, team_lead, counsellor_a):
    url = reverse("administration:staff")
    client.force_login(counsellor_a)
    assert url not in client.get(reverse("workbench:dashboard")).content.decode()
    client.force_login(team_lead)
    assert url in client.get(reverse("workbench:dashboard")).content.decode()
    page = client.get(url)
    assert page.status_code == 200 and "berater.a" in page.content.decode()
