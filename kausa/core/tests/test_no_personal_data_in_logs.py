"""No personal data in the logs: a marker in a person's data never reaches a log record.

The main flows run through HTTP with every logger at DEBUG: list, search, detail, sensitive
data, edit with invalid and valid input, another office's 404, counselling (case, sessions,
consent, referral with email and hand-out, export), a process chain with its PDF, a server
error whose exception message carries the marker, and a failed login with the marker as user
name.
"""

from __future__ import annotations

import logging
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from kausa.core.tests.factories import PersonFactory
from kausa.people.tests.test_person_views import person_form_data

pytestmark = pytest.mark.django_db
MARKER = "Zqxmarker"


def capture_everything(caplog):
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)


def record_texts(record: logging.LogRecord) -> list[str]:
    texts = [record.getMessage(), repr(record.args), str(record.exc_text or "")]
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        texts.append(record.stack_info)
    return texts


def counselling_and_chain_flows(staff, person, counsellor) -> None:
    """Cases, sessions, consent, referrals, exports, a process chain and the erasure."""
    from django.utils import timezone

    from kausa.chains.models import ChainTemplate
    from kausa.chains.services import templates_seed
    from kausa.core.tests.factories import PartnerFactory
    from kausa.counselling.models import Case, Referral
    from kausa.partners.models import Topic

    today = timezone.localdate().isoformat()
    post = lambda name, pk, data: staff.post(reverse(name, args=[pk]), data, secure=True)  # noqa: E731
    partner = PartnerFactory(organisation=counsellor.organisation, email="abh@example.org")
    topic = Topic.objects.order_by("pk").first()
    post("counselling:person_open", person.pk, {"opened_on": today})
    case = Case.objects.get(person=person)
    post(
        "counselling:session_create",
        case.pk,
        {
            "held_on": today,
            "duration_minutes": "30",
            "channel": "phone",
            "language": "de",
            "notes": f"Notiz {MARKER} Duldung",
        },
    )
    post("counselling:session_create", case.pk, {"held_on": "2099-01-01", "notes": MARKER})
    post(
        "counselling:consents",
        person.pk,
        {
            "purpose": "referral",
            "partner": partner.pk,
            "text_version": "v1",
            "given_on": today,
            "language": "de",
            "method": "written",
            "guardian_name": f"{MARKER} Vater",
        },
    )
    post(
        "counselling:refer",
        case.pk,
        {
            "partner": partner.pk,
            "topic": topic.pk,
            "shared_fields": ["name", "residence"],
            "message": f"Bitte {MARKER}",
        },
    )
    referral = Referral.objects.get(case=case)
    post("counselling:referral_email", referral.pk, {})
    assert (
        staff.get(
            reverse("counselling:referral_handout", args=[referral.pk]), secure=True
        ).status_code
        == 200
    )
    assert (
        staff.get(reverse("counselling:export_json", args=[person.pk]), secure=True).status_code
        == 200
    )
    templates_seed(counsellor.organisation)
    chain = ChainTemplate.objects.filter(audience="person").order_by("key").first()
    post("chains:person_start", person.pk, {"template": chain.pk, "language": "ar"})
    run = person.chain_runs.get()
    item = run.run_steps.first()
    post("chains:run_step", item.pk, {f"s{item.pk}-status": "done", f"s{item.pk}-notes": MARKER})
    assert staff.get(reverse("chains:handout", args=[run.pk]), secure=True).status_code == 200


def test_the_marker_never_reaches_the_logs(caplog, counsellor_a, counsellor_b):
    person = PersonFactory(
        office=counsellor_a.office,
        first_name=f"{MARKER}Amira",
        last_name=f"{MARKER}Haddad",
        email=f"{MARKER.lower()}@example.org",
        place=f"{MARKER}dorf",
        school_certificate_country=f"{MARKER}land",
    )
    capture_everything(caplog)
    staff = Client(raise_request_exception=False)
    staff.force_login(counsellor_a)
    get = lambda name, *args: staff.get(reverse(name, args=args), secure=True)  # noqa: E731

    assert get("people:list").status_code == 200
    staff.post(reverse("people:list"), {"q": MARKER}, secure=True)
    htmx = staff.post(reverse("people:list"), {"q": MARKER}, secure=True, HTTP_HX_REQUEST="true")
    assert MARKER in htmx.content.decode()  # the search found the person
    assert get("people:detail", person.pk).status_code == 200
    assert get("people:sensitive", person.pk).status_code == 200
    sensitive = {"residence_status": "tolerated", "residence_valid_until": "2027-06-30"}
    staff.post(reverse("people:sensitive", args=[person.pk]), sensitive, secure=True)

    edit_url = reverse("people:edit", args=[person.pk])
    invalid = person_form_data(first_name=f"{MARKER}Amira", email=f"{MARKER}-not-an-email")
    assert staff.post(edit_url, invalid, secure=True).status_code == 200  # form errors
    valid = person_form_data(first_name=f"{MARKER}Amira", last_name=f"{MARKER}Haddad-Neu")
    valid["birth_date"] = person.birth_date.isoformat()
    assert staff.post(edit_url, valid, secure=True).status_code == 302

    other = Client()
    other.force_login(counsellor_b)
    assert other.get(reverse("people:detail", args=[person.pk]), secure=True).status_code == 404

    counselling_and_chain_flows(staff, person, counsellor_a)

    with mock.patch(
        "kausa.people.views.selectors.person_get_for_user",
        side_effect=ValueError(f"duplicate key value (email)=({MARKER.lower()}@example.org)"),
    ):
        assert get("people:detail", person.pk).status_code == 500

    Client().post(
        reverse("login"), {"username": f"{MARKER}User", "password": f"{MARKER}Pass"}, secure=True
    )

    hits = [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if any(MARKER.lower() in text.lower() for text in record_texts(record))
    ]
    print(f"\nlog records captured: {len(caplog.records)}, marker hits: {len(hits)}")
    assert len(caplog.records) >= 15  # the flows did log (requests, audit, incident, login)
    assert any(r.name == "kausa.incident" for r in caplog.records)
    assert not hits, hits
    assert MARKER.lower() not in caplog.text.lower()
