"""The referral's note for the person in Arabic or Farsi keeps phone numbers, e-mail addresses
and Latin names in reading order: each such run is isolated in `<bdi dir="ltr">`."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kausa.core.templatetags.bidi import bidi_paragraphs
from kausa.counselling.services.consents import consent_record
from kausa.counselling.services.referrals import referral_create
from kausa.people.models import PersonLanguage

pytestmark = pytest.mark.django_db

PHONE = "069 90009 689"


def _referral(case, partner, topic, counsellor_a, language: str):
    partner.name = "Jobcenter Magdeburg"
    partner.phone = PHONE
    partner.email = "kontakt@jobcenter.example"
    partner.save()
    PersonLanguage.objects.create(person=case.person, language=language, level=5)
    consent_record(
        actor=counsellor_a,
        person=case.person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )
    return referral_create(
        actor=counsellor_a,
        case=case,
        partner=partner,
        topic=topic,
        shared_fields=["name"],
        message="",
    )


def _note(html: str, language: str) -> str:
    match = re.search(
        rf'<div class="person-note" lang="{language}" dir="rtl">(.*?)</div>', html, re.S
    )
    assert match, f"no right-to-left note in {language}"
    return match.group(1)


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_numbers_emails_and_latin_names_are_isolated_in_the_rtl_note(
    client, counsellor_a, case, partner, topic, language
):
    referral = _referral(case, partner, topic, counsellor_a, language)
    client.force_login(counsellor_a)
    html = client.get(reverse("counselling:referral_handout", args=[referral.pk])).content.decode()
    note = _note(html, language)
    isolated = re.findall(r'<bdi dir="ltr">(.*?)</bdi>', note)
    # the phone number and the e-mail address are one run (a comma between them, no RTL letter)
    assert any(PHONE in run for run in isolated), isolated
    assert any("kontakt@jobcenter.example" in run for run in isolated), isolated
    assert "Jobcenter Magdeburg" in isolated
    assert "<br>" in note and note.count("<p>") >= 1  # lines kept
    # the German note stays as it was, without isolates
    german = re.search(r'<div class="person-note" lang="de" dir="ltr">(.*?)</div>', html, re.S)
    assert german and "<bdi" not in german.group(1) and PHONE in german.group(1)


def test_the_tag_escapes_and_isolates_the_phone_number_inside_arabic_text():
    rendered = render_to_string(
        "core/_bidi_lines.html", bidi_paragraphs(f"التواصل: {PHONE} <b>x</b>\nشكرا", True)
    )
    assert f'<bdi dir="ltr">{PHONE} &lt;b&gt;x&lt;/b' in rendered
    assert "<b>" not in rendered and "<br>" in rendered
