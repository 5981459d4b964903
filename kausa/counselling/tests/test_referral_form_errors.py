"""The referral page keeps its context after an error and shows the person's consents."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from kausa.core.tests.factories import PartnerFactory
from kausa.counselling.models import Referral
from kausa.counselling.services.consents import consent_record
from kausa.partners.models import Topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_partner(organisation):
    """Serves the district but another topic: not offered when filtering by `topic`."""
    partner = PartnerFactory(organisation=organisation, name="Sprachkursträger Magdeburg")
    partner.topics.set([Topic.objects.exclude(code="residence-work-permit").first()])
    return partner


def _consent(counsellor, person, partner):
    return consent_record(
        actor=counsellor,
        person=person,
        purpose="referral",
        partner=partner,
        text_version="2026-01",
        given_on=timezone.localdate(),
        language="de",
        method="written",
    )


def _radio_labels(page: str) -> list[str]:
    return re.findall(r'<input type="radio" name="partner"[^>]*>\s*([^<]*)</label>', page)


def test_after_an_error_the_topic_filter_and_the_choice_stay(
    client, counsellor_a, case, partner, other_partner, topic
):
    client.force_login(counsellor_a)
    url = reverse("counselling:refer", args=[case.pk]) + f"?topic={topic.pk}"
    assert [label.strip() for label in _radio_labels(client.get(url).content.decode())] == [
        partner.name
    ]
    response = client.post(
        url, {"partner": partner.pk, "topic": topic.pk, "shared_fields": ["name"]}
    )
    assert response.status_code == 200 and not Referral.objects.exists()
    page = response.content.decode()
    labels = [label.strip() for label in _radio_labels(page)]
    assert labels == [partner.name]  # not every partner of the organisation
    assert re.search(rf'value="{partner.pk}"[^>]*checked', page)
    assert 'href="#id_consent_override_reason"' in page  # the error is named at the top
    assert page.index("error-summary") < page.index('name="partner"')


def test_the_topic_posted_filters_the_list_when_no_filter_was_set(
    client, counsellor_a, case, partner, other_partner, topic
):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:refer", args=[case.pk]),
        {"partner": partner.pk, "topic": topic.pk, "shared_fields": ["name"]},
    )
    assert [label.strip() for label in _radio_labels(response.content.decode())] == [partner.name]


def test_partners_with_consent_are_marked(
    client, counsellor_a, case, partner, other_partner, topic
):
    _consent(counsellor_a, case.person, other_partner)
    client.force_login(counsellor_a)
    page = client.get(reverse("counselling:refer", args=[case.pk])).content.decode()
    labels = sorted(label.strip() for label in _radio_labels(page))
    marker = gettext("consent on file")
    assert labels == sorted([partner.name, f"{other_partner.name} – {marker}"])


def test_no_duplicate_ids_on_the_referral_page(client, counsellor_a, case, partner, topic):
    client.force_login(counsellor_a)
    page = client.get(reverse("counselling:refer", args=[case.pk])).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert page.count('name="topic"') == 2  # the filter and the referral keep their names
