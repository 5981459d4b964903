"""Referrals: consent, district, hand-out, email and outcome, through HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.counselling.models import Referral
from kausa.counselling.services.consents import consent_record

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _refer(client, case, partner, topic, **extra):
    data = {"partner": partner.pk, "topic": topic.pk, "shared_fields": ["name", "contact"]}
    data.update(extra)
    return client.post(reverse("counselling:refer", args=[case.pk]), data)


def _consent(counsellor, person, partner):
    return consent_record(
        actor=counsellor,
        person=person,
        purpose="referral",
        partner=partner,
        text_version="2026-01",
        given_on=TODAY,
        language="ar",
        method="written",
    )


def test_the_finder_offers_partners_of_the_district_and_topic(
    client, counsellor_a, case, partner, far_partner, topic
):
    client.force_login(counsellor_a)
    response = client.get(reverse("counselling:refer", args=[case.pk]), {"topic": topic.pk})
    assert list(response.context["partners"]) == [partner]
    response = client.get(
        reverse("counselling:refer", args=[case.pk]), {"topic": topic.pk, "everywhere": "on"}
    )
    assert set(response.context["partners"]) == {partner, far_partner}


def test_without_consent_a_referral_cannot_be_sent(client, counsellor_a, case, partner, topic):
    client.force_login(counsellor_a)
    response = _refer(client, case, partner, topic)
    assert response.status_code == 200
    assert "keine Einwilligung" in " ".join(
        response.context["form"].errors["consent_override_reason"]
    )
    assert not Referral.objects.exists()


def test_an_override_needs_a_reason_and_is_audited(client, counsellor_a, case, partner, topic):
    client.force_login(counsellor_a)
    response = _refer(
        client, case, partner, topic, consent_override_reason="Gefahr im Verzug, Frist morgen"
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.consent is None
    entry = AuditEntry.objects.get(action="counselling.referral.consent_overridden")
    assert entry.object_id == str(referral.pk)


def test_with_consent_the_referral_records_exactly_what_is_shared(
    client, counsellor_a, case, partner, topic, mailoutbox, django_capture_on_commit_callbacks
):
    consent = _consent(counsellor_a, case.person, partner)
    client.force_login(counsellor_a)
    _refer(client, case, partner, topic, message="Bitte um Termin zur Beschäftigungserlaubnis.")
    referral = Referral.objects.get()
    assert referral.consent == consent and referral.shared_fields == ["name", "contact"]

    handout = client.get(reverse("counselling:referral_handout", args=[referral.pk]))
    text = handout.content.decode()
    assert case.person.full_name in text and "Beschäftigungserlaubnis" in text
    assert "Geburtsdatum" not in text and "Aufenthaltsstatus" not in text  # not shared
    assert "Duldung" not in text

    with_notes = {note["language"] for note in handout.context["notes"]}
    assert with_notes == {"de"}  # the person speaks no language with a note yet
    case.person.languages.create(language="ar", level=4)
    handout = client.get(reverse("counselling:referral_handout", args=[referral.pk]))
    arabic = [note for note in handout.context["notes"] if note["language"] == "ar"]
    assert arabic and arabic[0]["rtl"] and partner.name in arabic[0]["text"]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("counselling:referral_email", args=[referral.pk]))
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["abh@example.org"]
    assert case.person.full_name in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("Verweisung")


def test_a_withdrawn_consent_no_longer_covers_a_referral(
    client, counsellor_a, case, partner, topic
):
    consent = _consent(counsellor_a, case.person, partner)
    client.force_login(counsellor_a)
    client.post(
        reverse("counselling:consent_withdraw", args=[consent.pk]),
        {"withdrawn_on": TODAY.isoformat()},
    )
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY
    response = _refer(client, case, partner, topic)
    assert response.status_code == 200 and not Referral.objects.exists()


def test_a_partner_outside_the_district_needs_a_reason(
    client, counsellor_a, case, far_partner, topic
):
    _consent(counsellor_a, case.person, far_partner)
    client.force_login(counsellor_a)
    response = _refer(client, case, far_partner, topic)
    assert "Grund" in " ".join(response.context["form"].errors["outside_district_reason"])
    assert not Referral.objects.exists()
    response = _refer(
        client, case, far_partner, topic, outside_district_reason="Person zieht im Mai dorthin"
    )
    assert Referral.objects.get().outside_district_reason == "Person zieht im Mai dorthin"


def test_the_outcome_follows_its_path(client, counsellor_a, case, partner, topic):
    _consent(counsellor_a, case.person, partner)
    client.force_login(counsellor_a)
    _refer(client, case, partner, topic)
    referral = Referral.objects.get()
    url = reverse("counselling:referral_status", args=[referral.pk])
    client.post(url, {"status": "done"})  # not allowed straight from "recorded"
    referral.refresh_from_db()
    assert referral.status == "recorded"
    for status in ("accepted", "appointment", "done"):
        client.post(url, {"status": status})
    referral.refresh_from_db()
    assert referral.status == "done"
    assert [c.status for c in referral.history.all()] == [
        "recorded",
        "accepted",
        "appointment",
        "done",
    ]


def test_no_referral_email_through_the_console_in_production(
    client, counsellor_a, case, partner, topic, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    _consent(counsellor_a, case.person, partner)
    client.force_login(counsellor_a)
    _refer(client, case, partner, topic)
    referral = Referral.objects.get()
    response = client.post(reverse("counselling:referral_email", args=[referral.pk]), follow=True)
    assert "nicht eingerichtet" in response.content.decode()
    referral.refresh_from_db()
    assert referral.emailed_at is None and not mailoutbox
