"""The office's side: the request on the start page and in the list of the office it reached
(team leads see every office), another office answers 404, take over and close are audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.core.models import AuditEntry
from kausa.portal.enquiries.models import Enquiry, EnquiryStatus
from kausa.portal.enquiries.tests.factories import open_enquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def enquiry(office_a) -> Enquiry:
    return open_enquiry(office_a, question="<script>alert('x')</script> Hilfe")


def test_the_counsellor_sees_the_request_on_the_start_page_and_in_the_list(
    client, enquiry, counsellor_a
):
    client.force_login(counsellor_a)
    html = client.get(reverse("workbench:dashboard")).content.decode()
    assert "Lina Sayed" in html
    assert reverse("portal_enquiries_staff:detail", args=[enquiry.pk]) in html
    card = html.split('id="enquiries-heading"')[1].split("</h2>")[0]
    assert "(1)" in card
    listing = client.get(reverse("portal_enquiries_staff:list")).content.decode()
    assert "Lina Sayed" in listing


def test_the_start_page_card_caps_its_count_and_shows_five(client, office_a, counsellor_a):
    for number in range(7):
        open_enquiry(office_a, first_name=f"Name{number}")
    client.force_login(counsellor_a)
    response = client.get(reverse("workbench:dashboard"))
    html = response.content.decode()
    card = html.split('id="enquiries-heading"')[1].split("</section>")[0]
    assert "(7)" in card
    assert card.count("<li>") == 5


def test_another_office_cannot_see_the_request(client, enquiry, counsellor_b, outsider):
    for user in (counsellor_b, outsider):
        client.force_login(user)
        assert (
            client.get(reverse("portal_enquiries_staff:detail", args=[enquiry.pk])).status_code
            == 404
        )
        assert (
            "Lina Sayed" not in client.get(reverse("portal_enquiries_staff:list")).content.decode()
        )
        assert "Lina Sayed" not in client.get(reverse("workbench:dashboard")).content.decode()
        response = client.post(reverse("portal_enquiries_staff:take_over", args=[enquiry.pk]))
        assert response.status_code == 404
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.OPEN and enquiry.assigned_to is None


def test_pending_requests_reach_no_office(client, office_a, counsellor_a, team_lead, enquiry):
    enquiry.status = EnquiryStatus.PENDING
    enquiry.save()
    for user in (counsellor_a, team_lead):
        client.force_login(user)
        assert (
            client.get(reverse("portal_enquiries_staff:detail", args=[enquiry.pk])).status_code
            == 404
        )
        assert "Lina Sayed" not in client.get(reverse("workbench:dashboard")).content.decode()


def test_the_team_lead_sees_every_office_but_takes_nothing_over(client, enquiry, team_lead):
    client.force_login(team_lead)
    listing = client.get(reverse("portal_enquiries_staff:list")).content.decode()
    assert "Lina Sayed" in listing and "KAUSA Magdeburg" in listing
    assert (
        client.get(reverse("portal_enquiries_staff:detail", args=[enquiry.pk])).status_code == 200
    )
    response = client.post(reverse("portal_enquiries_staff:take_over", args=[enquiry.pk]))
    assert response.status_code == 403


def test_the_detail_shows_the_request_escaped_with_a_link_to_the_person(
    client, enquiry, counsellor_a
):
    client.force_login(counsellor_a)
    html = client.get(reverse("portal_enquiries_staff:detail", args=[enquiry.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert reverse("people:detail", args=[enquiry.person_id]) in html
    assert "lina@example.org" in html


def test_take_over_and_close_are_audited(client, enquiry, counsellor_a, reader_a):
    client.force_login(reader_a)
    assert (
        client.post(reverse("portal_enquiries_staff:take_over", args=[enquiry.pk])).status_code
        == 403
    )
    client.force_login(counsellor_a)
    client.post(reverse("portal_enquiries_staff:take_over", args=[enquiry.pk]))
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS and enquiry.assigned_to == counsellor_a
    assert (
        "Lina Sayed"
        not in client.get(reverse("workbench:dashboard"))
        .content.decode()
        .split('id="enquiries-heading"')[1]
        .split("</section>")[0]
    )

    refused = client.post(
        reverse("portal_enquiries_staff:close", args=[enquiry.pk]), {"outcome": "x"}
    )
    assert refused.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.IN_PROGRESS

    client.post(
        reverse("portal_enquiries_staff:close", args=[enquiry.pk]), {"outcome": "counselling"}
    )
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED and enquiry.outcome == "counselling"
    entries = AuditEntry.objects.filter(
        object_type="portal_enquiries.enquiry", object_id=str(enquiry.pk)
    )
    assert set(entries.values_list("action", "actor")) >= {
        ("portal.enquiry.taken_over", counsellor_a.pk),
        ("portal.enquiry.closed", counsellor_a.pk),
    }
    # closed is closed
    client.post(reverse("portal_enquiries_staff:take_over", args=[enquiry.pk]))
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.CLOSED


def test_erasing_the_person_erases_the_request(enquiry, counsellor_a):
    from kausa.counselling.services.data_rights import person_erase

    person_erase(actor=counsellor_a, person=enquiry.person)
    assert not Enquiry.objects.filter(pk=enquiry.pk).exists()


def test_the_list_filters_by_status(client, office_a, counsellor_a):
    open_enquiry(office_a, first_name="Neu")
    open_enquiry(office_a, first_name="Fertig", status=EnquiryStatus.CLOSED)
    client.force_login(counsellor_a)
    todo = client.get(reverse("portal_enquiries_staff:list")).content.decode()
    assert "Neu Sayed" in todo and "Fertig Sayed" not in todo
    closed = client.get(reverse("portal_enquiries_staff:list") + "?status=closed").content.decode()
    assert "Fertig Sayed" in closed and "Neu Sayed" not in closed


def test_the_team_lead_adds_a_consent_text_version_the_portal_then_shows(
    client, team_lead, office_a, counsellor_a
):
    import datetime

    from django.utils import timezone

    from kausa.portal.enquiries.models import EnquiryConsentText

    client.force_login(counsellor_a)
    assert client.get(reverse("portal_enquiries_staff:consent_texts")).status_code == 403
    client.force_login(team_lead)
    page = reverse("portal_enquiries_staff:consent_texts")
    today = timezone.localdate()
    past = client.post(
        page,
        {"language": "ar", "text": "نص", "valid_from": today - datetime.timedelta(days=1)},
    )
    assert past.status_code == 200 and not EnquiryConsentText.objects.filter(text="نص").exists()
    response = client.post(
        page, {"language": "ar", "text": "<b>نص الموافقة الجديد</b>", "valid_from": today}
    )
    assert response.status_code == 302
    new = EnquiryConsentText.objects.get(organisation=office_a.organisation, language="ar")
    assert new.version == 1 and new.valid_from == today
    assert AuditEntry.objects.filter(
        action="portal.enquiry.consent_text_created", actor=team_lead, object_id=str(new.pk)
    ).exists()
    listing = client.get(page).content.decode()
    assert "&lt;b&gt;نص الموافقة الجديد&lt;/b&gt;" in listing
    client.logout()
    form = client.get("/ar/counselling/").content.decode()
    assert "&lt;b&gt;نص الموافقة الجديد&lt;/b&gt;" in form
    assert EnquiryConsentText.objects.filter(language="ar").count() == 1  # no seed over it
