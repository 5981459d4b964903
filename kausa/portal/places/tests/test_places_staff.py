"""The office's side: approving or rejecting a company's place, and showing a place on the
portal (or taking it off) from the place's staff page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kausa.core.models import AuditEntry
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.places import audit_actions, services
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.portal.places.tests.helpers import place
from kausa.vacancies.models import VacancyStatus

pytestmark = pytest.mark.django_db


def portal_ids(client, language: str = "de") -> list[int]:
    with translation.override(language):
        response = client.get(reverse("portal_places:search"))
    return [item.place.pk for item in response.context["all_places"]]


def submitted(organisation):
    """A company's place, submitted through the portal: pending."""
    vacancy = place(organisation, status=None)
    email = f"ausbildung{vacancy.pk}@betrieb.example"
    account = PortalAccount(organisation=organisation, email=email, name="A")
    account.set_password("Sicheres-Passwort-2026")
    account.save()
    return services.publication_request(vacancy=vacancy, account=account)


def test_the_list_shows_the_pending_places_of_the_own_organisation(
    client, organisation, counsellor_a, outsider
):
    own = submitted(organisation)
    foreign = submitted(outsider.organisation)
    approved = place(organisation)
    client.force_login(counsellor_a)
    response = client.get(reverse("portal_places_staff:approvals"))
    assert [p.pk for p in response.context["pending"]] == [own.pk]
    body = response.content.decode()
    assert own.vacancy.company.name in body
    assert foreign.vacancy.company.name not in body
    assert approved.company.name not in body


@pytest.mark.parametrize("language", ["de", "ar"])
def test_approve_puts_the_place_on_the_portal(client, organisation, counsellor_a, language):
    publication = submitted(organisation)
    assert publication.vacancy.pk not in portal_ids(client, language)
    client.force_login(counsellor_a)
    response = client.post(
        reverse("portal_places_staff:approval", args=[publication.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.APPROVED
    assert publication.decided_by == counsellor_a
    assert AuditEntry.objects.filter(
        action=audit_actions.APPROVED, object_id=str(publication.pk), actor=counsellor_a
    ).exists()
    client.logout()
    assert portal_ids(client, language) == [publication.vacancy.pk]


def test_reject_needs_a_reason(client, organisation, counsellor_a):
    publication = submitted(organisation)
    client.force_login(counsellor_a)
    approval = reverse("portal_places_staff:approval", args=[publication.pk])
    response = client.post(approval, {"decision": "reject", "reason": "   "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PENDING
    response = client.post(approval, {"decision": "reject", "reason": "Bitte <b>Ort</b> angeben."})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.REJECTED
    assert publication.reason == "Bitte <b>Ort</b> angeben."
    assert AuditEntry.objects.filter(action=audit_actions.REJECTED).count() == 1
    assert portal_ids(client) == []
    page = client.get(approval).content.decode()
    assert "Bitte &lt;b&gt;Ort&lt;/b&gt; angeben." in page and "<b>Ort</b>" not in page


def test_a_decided_place_is_not_decided_twice(client, organisation, counsellor_a):
    publication = submitted(organisation)
    client.force_login(counsellor_a)
    approval = reverse("portal_places_staff:approval", args=[publication.pk])
    client.post(approval, {"decision": "reject", "reason": "Nein"})
    client.post(approval, {"decision": "approve"})
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.REJECTED
    assert AuditEntry.objects.filter(action=audit_actions.APPROVED).count() == 0


def test_a_filled_place_cannot_be_approved(client, organisation, counsellor_a):
    publication = submitted(organisation)
    publication.vacancy.status = VacancyStatus.FILLED
    publication.vacancy.save()
    client.force_login(counsellor_a)
    response = client.post(
        reverse("portal_places_staff:approval", args=[publication.pk]), {"decision": "approve"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PENDING


def test_readers_and_other_organisations_decide_nothing(client, organisation, reader_a, outsider):
    publication = submitted(organisation)
    approval = reverse("portal_places_staff:approval", args=[publication.pk])
    client.force_login(reader_a)
    page = client.get(approval)
    assert page.status_code == 200 and 'name="decision"' not in page.content.decode()
    assert client.post(approval, {"decision": "approve"}).status_code == 403
    client.force_login(outsider)
    assert client.get(approval).status_code == 404
    assert client.post(approval, {"decision": "approve"}).status_code == 404
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PENDING


def test_show_on_the_portal_and_take_off_from_the_place_page(client, organisation, counsellor_a):
    vacancy = place(organisation, status=None)
    client.force_login(counsellor_a)
    detail = reverse("vacancies:detail", args=[vacancy.pk])
    publish = reverse("portal_places_staff:publish", args=[vacancy.pk])
    page = client.get(detail).content.decode()
    assert f'action="{publish}"' in page and 'value="publish"' in page
    assert client.post(publish, {"action": "publish"}).status_code == 302
    assert PlacePublication.objects.get(vacancy=vacancy).status == PublicationStatus.APPROVED
    assert portal_ids(client) == [vacancy.pk]
    page = client.get(detail).content.decode()
    assert 'value="withdraw"' in page
    with translation.override("de"):
        assert reverse("portal_places:detail", args=[vacancy.pk]) in page
    client.post(publish, {"action": "withdraw"})
    assert PlacePublication.objects.get(vacancy=vacancy).status == PublicationStatus.WITHDRAWN
    assert portal_ids(client) == []
    assert AuditEntry.objects.filter(action=audit_actions.WITHDRAWN).count() == 1


def test_a_pending_request_shows_on_the_place_page_with_a_link_to_decide(
    client, organisation, counsellor_a
):
    publication = submitted(organisation)
    client.force_login(counsellor_a)
    page = client.get(reverse("vacancies:detail", args=[publication.vacancy.pk])).content.decode()
    assert reverse("portal_places_staff:approval", args=[publication.pk]) in page


def test_a_filled_place_is_not_published(client, organisation, counsellor_a):
    vacancy = place(organisation, status=None)
    vacancy.status = VacancyStatus.FILLED
    vacancy.save()
    client.force_login(counsellor_a)
    response = client.post(
        reverse("portal_places_staff:publish", args=[vacancy.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    assert not PlacePublication.objects.filter(
        vacancy=vacancy, status=PublicationStatus.APPROVED
    ).exists()
    assert portal_ids(client) == []


def test_readers_and_other_organisations_publish_nothing(client, organisation, reader_a, outsider):
    vacancy = place(organisation, status=None)
    publish = reverse("portal_places_staff:publish", args=[vacancy.pk])
    client.force_login(reader_a)
    assert client.post(publish, {"action": "publish"}).status_code == 403
    page = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert 'value="publish"' not in page
    client.force_login(outsider)
    assert client.post(publish, {"action": "publish"}).status_code == 404
    assert not PlacePublication.objects.filter(vacancy=vacancy).exists()
