"""Emailing personal data to a partner takes a confirmation that shows what goes to whom."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.counselling.models import Referral
from kausa.counselling.services.consents import consent_record
from kausa.counselling.services.referrals import referral_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(counsellor_a, case, partner, topic):
    consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="referral",
        partner=partner,
        text_version="2026-01",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    return referral_create(
        actor=counsellor_a,
        case=case,
        partner=partner,
        topic=topic,
        shared_fields=["name", "contact"],
        message="Bitte um einen Termin.",
    )


def test_the_detail_page_links_to_a_confirmation_instead_of_sending(
    client, counsellor_a, referral, mailoutbox
):
    client.force_login(counsellor_a)
    email_url = reverse("counselling:referral_email", args=[referral.pk])
    page = client.get(reverse("counselling:referral", args=[referral.pk])).content.decode()
    assert f'href="{email_url}"' in page
    assert f'action="{email_url}"' not in page  # no one-click send on the detail page
    confirm = client.get(email_url)
    assert confirm.status_code == 200 and not mailoutbox
    body = confirm.content.decode()
    assert "abh@example.org" in body and referral.case.person.full_name in body
    assert "Bitte um einen Termin." in body and f'action="{email_url}"' in body
    Referral.objects.get(pk=referral.pk, emailed_at__isnull=True)


def test_confirming_sends_it(
    client, counsellor_a, referral, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(counsellor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("counselling:referral_email", args=[referral.pk]))
    assert [message.to for message in mailoutbox] == [["abh@example.org"]]


def test_a_read_only_colleague_sees_no_confirmation(client, reader_a, referral):
    client.force_login(reader_a)
    assert client.get(reverse("counselling:referral_email", args=[referral.pk])).status_code == 403
