"""The two links (TOKEN_ROUTES of this app): an expired, changed, reused or wrong-step link
gets a clear page in the visitor's language and changes nothing."""

from __future__ import annotations

import time
from unittest import mock

import pytest
from django.core import signing

from kausa.people.models import Person
from kausa.portal.enquiries import services
from kausa.portal.enquiries.models import Enquiry, EnquiryStatus
from kausa.portal.enquiries.tests.helpers import submit, url

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "ar"]


@pytest.fixture
def pending(client, office_a, django_capture_on_commit_callbacks) -> Enquiry:
    submit(client, django_capture_on_commit_callbacks, "de")
    return Enquiry.objects.get()


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_link_confirms_nothing(client, pending, language):
    four_days_ago = time.time() - 4 * 24 * 60 * 60
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = services.make_token(pending, services.CONFIRM)
    link = url("portal_enquiries:confirm", language, token)
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert f'lang="{language}"' in response.content.decode()
        assert response.context["problem"] == "expired"
    pending.refresh_from_db()
    assert pending.status == EnquiryStatus.PENDING and pending.confirmed_at is None
    assert Person.objects.count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_changed_link_confirms_nothing(client, pending, language):
    token = services.make_token(pending, services.CONFIRM)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    # A correctly signed link of a request that does not exist (another id).
    other_id = signing.dumps({"e": pending.pk + 1000}, salt=services._salt(services.CONFIRM))
    for bad in (tampered, other_id, "x" * 400, "abc"):
        response = client.post(url("portal_enquiries:confirm", language, bad))
        assert response.status_code == 404
        assert response.context["problem"] == "invalid"
    # a confirmation link does not open the parent's step, nor the other way round
    parent_link = url("portal_enquiries:parent", language, token)
    assert client.get(parent_link).status_code == 404
    pending.refresh_from_db()
    assert pending.status == EnquiryStatus.PENDING
    assert Person.objects.count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_used_link_says_so_and_creates_no_second_person(
    client, pending, language, django_capture_on_commit_callbacks
):
    link = url("portal_enquiries:confirm", language, services.make_token(pending, services.CONFIRM))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(link).status_code == 200
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 409
        assert response.context["problem"] == "used"
    assert Person.objects.count() == 1


def test_a_parent_link_before_the_confirmation_does_nothing(client, office_a, pending):
    pending.needs_parent = True
    pending.parent_email = "mutter@example.org"
    pending.save()
    link = url("portal_enquiries:parent", "ar", services.make_token(pending, services.PARENT))
    response = client.post(link, {"parent_name": "Samira", "consent": "on"})
    assert response.status_code == 409
    pending.refresh_from_db()
    assert pending.parent_consented_at is None and Person.objects.count() == 0


def test_unconfirmed_requests_are_deleted_when_their_link_ran_out(
    client, office_a, pending, django_capture_on_commit_callbacks
):
    Enquiry.objects.filter(pk=pending.pk).update(
        created_at=pending.created_at - services.datetime.timedelta(days=4)
    )
    submit(client, django_capture_on_commit_callbacks, "ar", email="neu@example.org")
    assert list(Enquiry.objects.values_list("email", flat=True)) == ["neu@example.org"]


def test_a_request_waiting_for_a_parent_keeps_until_the_parents_link_ran_out(
    client, office_a, pending, django_capture_on_commit_callbacks
):
    now = services.timezone.now()
    Enquiry.objects.filter(pk=pending.pk).update(
        status=EnquiryStatus.AWAITING_PARENT,
        created_at=now - services.datetime.timedelta(days=5),
        confirmed_at=now - services.datetime.timedelta(days=2),
    )
    assert services.purge_unconfirmed() == 0
    assert services.purge_unconfirmed(now=now + services.datetime.timedelta(days=2)) == 1
    assert not Enquiry.objects.filter(pk=pending.pk).exists()
    from kausa.core.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="portal.enquiry.deleted_unconfirmed", object_id=str(pending.pk)
    ).exists()
