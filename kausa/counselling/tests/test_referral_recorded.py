"""A referral is "recorded" until its hand-out is printed or emailed; then it is "sent"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
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
        actor=counsellor_a, case=case, partner=partner, topic=topic, shared_fields=["name"]
    )


def _statuses(referral: Referral) -> list[str]:
    return [change.status for change in referral.history.all()]


def test_a_new_referral_is_recorded_not_sent(referral):
    assert referral.status == "recorded" and _statuses(referral) == ["recorded"]


def test_printing_the_hand_out_sends_it_once(client, counsellor_a, referral):
    client.force_login(counsellor_a)
    url = reverse("counselling:referral_handout", args=[referral.pk])
    client.get(url)
    client.get(url)  # printed again: no second status change
    referral.refresh_from_db()
    assert referral.status == "sent" and _statuses(referral) == ["recorded", "sent"]
    printed = AuditEntry.objects.filter(action="counselling.referral.handout_printed")
    assert printed.count() == 2


def test_emailing_the_hand_out_sends_it(
    client, counsellor_a, referral, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(counsellor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("counselling:referral_email", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == "sent" and len(mailoutbox) == 1


def test_an_older_sent_referral_stays_sent(client, counsellor_a, referral):
    Referral.objects.filter(pk=referral.pk).update(status="accepted")
    client.force_login(counsellor_a)
    client.get(reverse("counselling:referral_handout", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.status == "accepted"
