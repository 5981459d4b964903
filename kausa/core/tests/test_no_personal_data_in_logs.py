"""No personal data in the logs: a marker in a person's data never reaches a log record.

The main flows run through HTTP with every logger at DEBUG: list, search, detail, sensitive
data, edit with invalid and valid input, another office's 404, counselling (case, sessions,
consent, referral with the email sent on commit, hand-out, export), a process chain with its
PDF, the daily reminder email, a matching run that fails in the worker, a server error whose
exception message carries the marker, and a failed login with the marker as user name.
Every step asserts that it did what it should, so a broken step cannot pass by logging
nothing.
"""

from __future__ import annotations

import logging
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kausa.core.tests.factories import (
    CompanyFactory,
    PartnerFactory,
    PersonFactory,
    VacancyFactory,
    published_person_chain,
)
from kausa.people.tests.test_person_views import person_form_data

# Transactional: the real db_worker below opens and closes its own connections, which a
# test wrapped in one transaction cannot survive on PostgreSQL.
pytestmark = pytest.mark.django_db(transaction=True)
MARKER = "Zqxmarker"


def capture_everything(caplog) -> None:
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


def expect(response: Any, status: int = 302) -> Any:
    assert response.status_code == status, (response.status_code, getattr(response, "url", ""))
    return response


def counselling_flows(staff: Client, person: Any, counsellor: Any, on_commit: Any) -> None:
    """A case, sessions, consent, a referral emailed on commit, the hand-out and the export."""
    from kausa.counselling.models import Case, Consent, CounsellingSession, Referral
    from kausa.partners.models import Topic

    today = timezone.localdate().isoformat()
    post = lambda name, pk, data: staff.post(reverse(name, args=[pk]), data, secure=True)  # noqa: E731
    partner = PartnerFactory(organisation=counsellor.organisation, email="abh@example.org")
    # Seeded by a migration, but a transactional test before this one may have flushed it.
    topic, _created = Topic.objects.get_or_create(code="training", defaults={"name": "Ausbildung"})
    partner.topics.set([topic])
    expect(post("counselling:person_open", person.pk, {"opened_on": today}))
    case = Case.objects.get(person=person)
    session = {
        "held_on": today,
        "duration_minutes": "30",
        "channel": "phone",
        "language": "de",
        "notes": f"Notiz {MARKER} Duldung",
    }
    expect(post("counselling:session_create", case.pk, session))
    assert CounsellingSession.objects.filter(case=case).count() == 1
    invalid = post(
        "counselling:session_create", case.pk, {"held_on": "2099-01-01", "notes": MARKER}
    )
    assert invalid.status_code in {200, 302}  # refused with a message
    assert CounsellingSession.objects.filter(case=case).count() == 1
    consent = {
        "purpose": "referral",
        "partner": partner.pk,
        "text_version": "v1",
        "given_on": today,
        "language": "de",
        "method": "written",
        "guardian_name": f"{MARKER} Vater",
    }
    expect(post("counselling:consents", person.pk, consent))
    assert Consent.objects.filter(person=person, partner=partner).exists()
    referral = {
        "partner": partner.pk,
        "topic": topic.pk,
        "shared_fields": ["name", "residence"],
        "message": f"Bitte {MARKER}",
    }
    expect(post("counselling:refer", case.pk, referral))
    sent = Referral.objects.get(case=case)
    with on_commit(execute=True):  # the email leaves after the transaction commits
        expect(post("counselling:referral_email", sent.pk, {}))
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["abh@example.org"]
    handout = reverse("counselling:referral_handout", args=[sent.pk])
    expect(staff.get(handout, secure=True), 200)
    expect(staff.get(reverse("counselling:export_json", args=[person.pk]), secure=True), 200)


def chain_flows(staff: Client, person: Any, counsellor: Any) -> None:
    """A process chain started, a step with notes, and the PDF hand-out."""
    chain = published_person_chain(counsellor.organisation, key="protokoll")
    start = reverse("chains:person_start", args=[person.pk])
    expect(staff.post(start, {"template": chain.pk, "language": "ar"}, secure=True))
    run = person.chain_runs.get()
    item = run.run_steps.order_by("pk").first()
    step = {f"s{item.pk}-status": "done", f"s{item.pk}-notes": MARKER}
    expect(staff.post(reverse("chains:run_step", args=[item.pk]), step, secure=True))
    item.refresh_from_db()
    assert item.status == "done"
    expect(staff.get(reverse("chains:handout", args=[run.pk]), secure=True), 200)


def background_flows(person: Any, counsellor: Any, staff: Client, on_commit: Any) -> None:
    """The daily reminder email, and a matching run that fails in the worker."""
    from kausa.counselling.models import NextStep
    from kausa.counselling.tasks import send_due_reminders
    from kausa.placements.models import MatchingRun

    case = person.cases.get()
    NextStep.objects.create(
        case=case, title=f"Anruf {MARKER}", due_on=timezone.localdate(), owner=counsellor
    )
    mail.outbox.clear()
    assert send_due_reminders() == 1 and len(mail.outbox) == 1

    VacancyFactory(company=CompanyFactory(organisation=counsellor.organisation))
    with on_commit(execute=True):  # queued for the worker after the commit
        expect(staff.post(reverse("placements:runs"), secure=True))
    run = MatchingRun.objects.get()
    failure = ValueError(f"duplicate key value (email)=({MARKER.lower()}@example.org)")
    with mock.patch("kausa.placements.tasks.solve_stable", side_effect=failure):
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    run.refresh_from_db()
    assert run.state == MatchingRun.State.FAILED


def test_the_marker_never_reaches_the_logs(
    caplog, counsellor_a, counsellor_b, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    counsellor_a.email = "berater.a@example.org"
    counsellor_a.save(update_fields=["email"])
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

    expect(get("people:list"), 200)
    expect(staff.post(reverse("people:list"), {"q": MARKER}, secure=True), 200)
    htmx = staff.post(reverse("people:list"), {"q": MARKER}, secure=True, HTTP_HX_REQUEST="true")
    assert MARKER in htmx.content.decode()  # the search found the person
    expect(get("people:detail", person.pk), 200)
    expect(get("people:sensitive", person.pk), 200)
    sensitive = {"residence_status": "tolerated", "residence_valid_until": "2027-06-30"}
    expect(staff.post(reverse("people:sensitive", args=[person.pk]), sensitive, secure=True))
    person.sensitive.refresh_from_db()
    assert person.sensitive.residence_status == "tolerated"

    edit_url = reverse("people:edit", args=[person.pk])
    invalid = person_form_data(first_name=f"{MARKER}Amira", email=f"{MARKER}-not-an-email")
    expect(staff.post(edit_url, invalid, secure=True), 200)  # form errors
    valid = person_form_data(first_name=f"{MARKER}Amira", last_name=f"{MARKER}Haddad-Neu")
    valid["birth_date"] = person.birth_date.isoformat()
    expect(staff.post(edit_url, valid, secure=True))
    person.refresh_from_db()
    assert person.last_name == f"{MARKER}Haddad-Neu"

    other = Client()
    other.force_login(counsellor_b)
    expect(other.get(reverse("people:detail", args=[person.pk]), secure=True), 404)

    counselling_flows(staff, person, counsellor_a, django_capture_on_commit_callbacks)
    chain_flows(staff, person, counsellor_a)
    background_flows(person, counsellor_a, staff, django_capture_on_commit_callbacks)

    with mock.patch(
        "kausa.people.views.selectors.person_get_for_user",
        side_effect=ValueError(f"duplicate key value (email)=({MARKER.lower()}@example.org)"),
    ):
        expect(get("people:detail", person.pk), 500)

    login = {"username": f"{MARKER}User", "password": f"{MARKER}Pass"}
    expect(Client().post(reverse("login"), login, secure=True), 200)  # refused, form shown

    hits = [
        f"{record.name}: {record.getMessage()}"
        for record in caplog.records
        if any(MARKER.lower() in text.lower() for text in record_texts(record))
    ]
    print(f"\nlog records captured: {len(caplog.records)}, marker hits: {len(hits)}")
    assert len(caplog.records) >= 15  # the flows did log (requests, audit, incident, login)
    incidents = [r.getMessage() for r in caplog.records if r.name == "kausa.incident"]
    assert any("matching run" in line for line in incidents), incidents  # the worker's failure
    assert len(incidents) >= 2  # and the server error
    assert not any(r.exc_info for r in caplog.records if r.name.startswith("kausa"))
    assert not hits, hits
    assert MARKER.lower() not in caplog.text.lower()
