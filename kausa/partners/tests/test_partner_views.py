"""Network partners through HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PartnerFactory
from kausa.partners.models import Partner, Topic

pytestmark = pytest.mark.django_db


def partner_data(**overrides):
    data = {
        "name": "Ausländerbehörde Salzlandkreis",
        "partner_type": "foreigners_office",
        "street": "",
        "postal_code": "06406",
        "place": "",
        "email": "",
        "phone": "",
        "website": "",
        "districts": ["15089"],
        "topics": [str(Topic.objects.get(code="residence-work-permit").pk)],
        "contacts-TOTAL_FORMS": "2",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "10",
    }
    data.update(overrides)
    return data


def test_add_partner_with_districts_and_topics(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("partners:create"), partner_data())
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert list(partner.districts.values_list("pk", flat=True)) == ["15089"]
    assert list(partner.topics.values_list("code", flat=True)) == ["residence-work-permit"]
    assert partner.place == "Bernburg (Saale)"
    assert AuditEntry.objects.filter(action="partners.partner.created").count() == 1


def test_partner_needs_a_district(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(reverse("partners:create"), partner_data(districts=[]))
    assert "Bitte mindestens einen Landkreis wählen, den der Partner betreut." in (
        response.content.decode()
    )
    assert not Partner.objects.exists()


def test_filter_partners_by_district_and_type(client, counsellor_a, organisation):
    from kausa.core.models import District

    PartnerFactory(organisation=organisation, name="IHK Magdeburg", partner_type="ihk")
    other = PartnerFactory(
        organisation=organisation, name="Jobcenter Halle", partner_type="jobcenter"
    )
    other.districts.set([District.objects.get(pk="15002")])
    client.force_login(counsellor_a)
    page = client.get(reverse("partners:list"), {"district": "15002"}).context["page"]
    assert [partner.name for partner in page.object_list] == ["Jobcenter Halle"]
    page = client.get(reverse("partners:list"), {"partner_type": "ihk"}).context["page"]
    assert [partner.name for partner in page.object_list] == ["IHK Magdeburg"]


def test_a_topic_id_beyond_the_database_range_is_a_form_error(client, counsellor_a):
    client.force_login(counsellor_a)
    response = client.post(
        reverse("partners:create"), partner_data(topics=["99999999999999999999999"])
    )
    assert response.status_code == 200
    assert not Partner.objects.exists()
