"""Invitations by email: the one-time link (valid, expired, reused, replaced, tampered)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kausa.administration import audit_actions
from kausa.administration.models import StaffInvitation
from kausa.administration.services.invitations import hash_token
from kausa.administration.tests.helpers import admin_entries
from kausa.core.models import Role, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kaffeetasse Fahrrad Mondlicht 42"
LINK = re.compile(r"https?://\S+/administration/invitation/([\w-]+)/")


def invite(client, own_office, **changes):
    data = {
        "first_name": "Lea",
        "last_name": "Berger",
        "email": "Lea.Berger@example.org",
        "office": own_office.pk,
        "role": Role.COUNSELLOR,
    }
    data.update(changes)
    return client.post(reverse("administration:invite"), data)


def token_from_last_mail() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match is not None, mail.outbox[-1].body
    return match.group(1)


def accept(client, token, password=NEW_PASSWORD):
    url = reverse("administration:invitation", args=[token])
    return client.post(url, {"new_password1": password, "new_password2": password})


@pytest.fixture
def invited(client, team_lead, office_a, django_capture_on_commit_callbacks):
    client.force_login(team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, office_a)
    assert response.status_code == 302
    client.logout()
    return User.objects.get(username="lea.berger@example.org")


def test_invitation_creates_an_account_without_password_and_mails_a_link(invited, office_a):
    assert (invited.office, invited.role, invited.email) == (
        office_a,
        Role.COUNSELLOR,
        "lea.berger@example.org",
    )
    assert not invited.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["lea.berger@example.org"]
    token = token_from_last_mail()
    # Only a hash is stored; the link names nothing but the token.
    invitation = StaffInvitation.objects.get(user=invited)
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert "lea" not in LINK.search(message.body).group(0).lower()
    expected = timezone.now() + datetime.timedelta(days=7)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    [entry] = admin_entries(audit_actions.STAFF_INVITED)
    assert entry.object_id == str(invited.pk)
    assert "lea.berger@example.org" not in str(entry.changed_fields)


def test_the_link_sets_the_password_once_and_leads_to_mfa_setup(client, invited, settings):
    settings.MFA_REQUIRED = True
    token = token_from_last_mail()
    url = reverse("administration:invitation", args=[token])
    assert client.get(url).status_code == 200
    response = accept(client, token)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:mfa_setup")
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:mfa_setup")).status_code == 200  # signed in, no reauth
    # Until the second factor is set up, nothing else opens.
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:mfa_setup")
    assert len(admin_entries(audit_actions.INVITATION_ACCEPTED)) == 1
    # Used: the same link changes nothing any more.
    other = Client()
    assert other.get(url).status_code == 410
    response = accept(other, token, password="Ganz anderes Passwort 99")
    assert response.status_code == 410
    invited.refresh_from_db()
    assert invited.check_password(NEW_PASSWORD)
    assert len(admin_entries(audit_actions.INVITATION_ACCEPTED)) == 1


def test_a_weak_password_is_refused(client, invited):
    token = token_from_last_mail()
    response = accept(client, token, password="Passwort2024!")
    assert response.status_code == 200 and response.context["form"].errors
    invited.refresh_from_db()
    assert not invited.has_usable_password()
    assert "_auth_user_id" not in client.session
    assert accept(client, token).status_code == 302  # the link still works


def test_an_expired_link_changes_nothing(client, invited):
    token = token_from_last_mail()
    StaffInvitation.objects.filter(user=invited).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    url = reverse("administration:invitation", args=[token])
    response = client.get(url)
    assert response.status_code == 410
    assert "sieben Tage" in response.content.decode() or response.context["state"] == "expired"
    assert accept(client, token).status_code == 410
    invited.refresh_from_db()
    assert not invited.has_usable_password() and "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: t[:10], lambda t: "x"]
)
def test_a_tampered_link_changes_nothing(client, invited, mangle):
    token = mangle(token_from_last_mail())
    response = client.get(reverse("administration:invitation", args=[token]))
    assert response.status_code == 404 and response.context["state"] == "invalid"
    assert accept(client, token).status_code == 404
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_resending_invalidates_the_old_link(
    client, team_lead, invited, django_capture_on_commit_callbacks
):
    old = token_from_last_mail()
    client.force_login(team_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("administration:resend", args=[invited.pk]))
    assert response.status_code == 302
    new = token_from_last_mail()
    assert new != old and len(mail.outbox) == 2
    assert len(admin_entries(audit_actions.INVITATION_RESENT)) == 1
    client.logout()
    assert accept(client, old).status_code == 410
    assert accept(client, new).status_code == 302


def test_deactivation_voids_the_link(client, team_lead, invited):
    token = token_from_last_mail()
    client.force_login(team_lead)
    client.post(reverse("administration:deactivate", args=[invited.pk]))
    client.logout()
    assert accept(client, token).status_code == 410
    invited.refresh_from_db()
    assert not invited.has_usable_password()


def test_nothing_to_resend_after_the_password_was_set(client, team_lead, invited):
    accept(Client(), token_from_last_mail())
    client.force_login(team_lead)
    client.post(reverse("administration:resend", args=[invited.pk]))
    assert len(mail.outbox) == 1 and admin_entries(audit_actions.INVITATION_RESENT) == []


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"email": "keine-adresse"}, "email"),
        ({"email": "berater.a@example.org", "first_name": ""}, "first_name"),
        ({"office": ""}, "office"),  # a counsellor needs an office
        ({"role": "superuser"}, "role"),
    ],
)
def test_invalid_invitations_change_nothing(client, team_lead, office_a, changes, field):
    client.force_login(team_lead)
    before = User.objects.count()
    response = invite(client, office_a, **changes)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert User.objects.count() == before and mail.outbox == [] and admin_entries() == []


def test_an_address_already_in_use_is_refused(client, team_lead, office_a, counsellor_a):
    counsellor_a.email = "lea.berger@example.org"
    counsellor_a.save()
    client.force_login(team_lead)
    response = invite(client, office_a)
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not StaffInvitation.objects.exists()


def test_team_lead_cannot_invite_an_administrator(client, team_lead, office_a):
    client.force_login(team_lead)
    response = invite(client, office_a, role=Role.ADMIN, office="")
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not User.objects.filter(role=Role.ADMIN).exists()


def test_administrator_invites_an_administrator(client, administrator, office_a):
    client.force_login(administrator)
    response = invite(client, office_a, role=Role.ADMIN, office="")
    assert response.status_code == 302
    assert User.objects.get(username="lea.berger@example.org").role == Role.ADMIN


def test_an_office_of_another_organisation_is_refused(client, team_lead, outsider):
    client.force_login(team_lead)
    response = invite(client, outsider.office)
    assert response.status_code == 200 and "office" in response.context["form"].errors
    assert not User.objects.filter(username="lea.berger@example.org").exists()


def test_the_invitation_page_escapes_the_login_name(client, team_lead, office_a):
    from kausa.administration.services.invitations import staff_invite

    member = staff_invite(
        actor=team_lead,
        first_name="<script>alert(1)</script>",
        last_name="B",
        email="x@example.org",
        office=office_a,
        role=Role.COUNSELLOR,
    )
    User.objects.filter(pk=member.pk).update(username="<b>x</b>")
    client.force_login(team_lead)
    page = client.get(reverse("administration:staff_detail", args=[member.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
