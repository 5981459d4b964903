"""The import against the fake agency: full flow, idempotence, updates, closing, manual edits,
bad offers reported while the rest imports, 429 and 500 handled, failing pages."""

from __future__ import annotations

import pytest

from kausa.ba import audit_actions
from kausa.ba.fake_server import MALFORMED_DETAILS_REFNR, FakeBaServer, FakeOffers
from kausa.ba.http import PoliteClient
from kausa.ba.jobsuche import JobsucheClient
from kausa.ba.models import ImportRun
from kausa.ba.services import ba_import_execute, ba_import_start
from kausa.companies.models import Company
from kausa.core.models import AuditEntry
from kausa.vacancies.models import Vacancy
from kausa.vacancies.services import vacancy_update

pytestmark = pytest.mark.django_db


def run_import(organisation, client, *, page_size=10, actor=None) -> ImportRun:
    run = ba_import_start(actor=actor, organisation=organisation, postal_code="39104", radius_km=50)
    return ba_import_execute(run, client, page_size=page_size)


def detail_requests(server: FakeBaServer) -> int:
    return sum("/jobdetails/" in path for path in server.requests)


def test_full_flow_creates_places_and_companies_with_refnr_link_and_source(
    organisation, fake_ba, ba_client
):
    run = run_import(organisation, ba_client)
    assert run.state == "done" and run.complete and run.progress == 100
    assert run.created == 30 and run.fetched == 30 and run.rejected == 0
    assert run.pages == 3
    places = Vacancy.objects.filter(company__organisation=organisation)
    assert places.count() == 30
    place = places.get(ba_refnr=fake_ba.data.offers[0]["refnr"])
    detail = fake_ba.data.details[place.ba_refnr]
    assert place.source == "ba" and place.status == "open"
    assert place.ba_link.endswith(place.ba_refnr)
    assert place.seats == detail["anzahlOffeneStellen"]
    assert place.start_date.isoformat() == detail["eintrittsdatum"]
    assert place.postal_code == detail["arbeitsorte"][0]["plz"]
    assert place.district_id and place.occupation.name.replace("/-in", "/in").startswith(
        detail["beruf"].split(" - ")[0]
    )
    assert place.requires_driving_licence == bool(detail["fertigkeiten"])
    # Employers with several offers became one company each, marked as coming from the agency.
    employers = {offer["arbeitgeber"] for offer in fake_ba.data.offers}
    companies = Company.objects.filter(organisation=organisation)
    assert companies.count() == len(employers) == run.companies_created
    assert set(companies.values_list("source", flat=True)) == {"ba"}
    stats = run.request_stats
    assert stats["requests"] == 3 + 30 and stats["retries"] == 0
    finished = AuditEntry.objects.get(action=audit_actions.IMPORT_FINISHED)
    assert {"created", "fetched", "companies_created"} <= set(finished.changed_fields)
    assert AuditEntry.objects.filter(action=audit_actions.IMPORT_STARTED).count() == 1


def test_an_existing_company_with_the_same_name_and_postal_code_is_reused(
    organisation, fake_ba, ba_client
):
    from kausa.core.tests.factories import CompanyFactory

    offer = fake_ba.data.offers[0]
    own = CompanyFactory(
        organisation=organisation,
        name=offer["arbeitgeber"].upper(),
        postal_code=f"{offer['arbeitsort']['plz']:05d}",
        search_text=offer["arbeitgeber"].lower(),
    )
    run_import(organisation, ba_client)
    assert Vacancy.objects.get(ba_refnr=offer["refnr"]).company == own
    own.refresh_from_db()
    assert own.source == "manual"


def test_a_second_run_creates_nothing_and_fetches_no_details(organisation, fake_ba, ba_client):
    run_import(organisation, ba_client)
    places, companies = Vacancy.objects.count(), Company.objects.count()
    before = detail_requests(fake_ba)
    second = run_import(organisation, ba_client)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 30)
    assert second.companies_created == 0
    assert (Vacancy.objects.count(), Company.objects.count()) == (places, companies)
    assert detail_requests(fake_ba) == before


def test_a_changed_offer_is_updated(organisation, fake_ba, ba_client):
    run_import(organisation, ba_client)
    refnr = fake_ba.data.offers[4]["refnr"]
    fake_ba.data.modify(refnr, anzahlOffeneStellen=7, eintrittsdatum="2027-09-01")
    run = run_import(organisation, ba_client)
    assert (run.created, run.updated, run.unchanged) == (0, 1, 29)
    place = Vacancy.objects.get(ba_refnr=refnr)
    assert place.seats == 7 and place.start_date.isoformat() == "2027-09-01"
    assert not place.ba_manually_edited


def test_offers_gone_are_closed_after_two_missed_runs_and_reopened_when_back(
    organisation, fake_ba, ba_client
):
    run_import(organisation, ba_client)
    gone = [offer["refnr"] for offer in fake_ba.data.offers[:2]]
    kept = list(fake_ba.data.offers)
    fake_ba.data.remove(gone)
    first_miss = run_import(organisation, ba_client)
    assert first_miss.closed == 0
    assert set(Vacancy.objects.filter(ba_refnr__in=gone).values_list("status", flat=True)) == {
        "open"
    }
    second_miss = run_import(organisation, ba_client)
    assert second_miss.closed == 2
    assert Vacancy.objects.filter(ba_refnr__in=gone, status="withdrawn").count() == 2
    assert Vacancy.objects.filter(status="open").count() == 28  # closed, not deleted
    fake_ba.data.offers = kept
    back = run_import(organisation, ba_client)
    assert back.reopened == 2 and Vacancy.objects.filter(status="open").count() == 30


def test_a_run_with_a_failed_page_closes_nothing(organisation, fake_ba, sleeps):
    client = JobsucheClient(
        PoliteClient(base_url=fake_ba.base_url, min_interval_seconds=0, max_retries=0, sleep=sleeps)
    )
    run_import(organisation, client)
    fake_ba.data.remove([offer["refnr"] for offer in fake_ba.data.offers[:3]])
    fake_ba.state.scenarios.add("rate_limit")
    for _ in range(2):
        fake_ba.state.served_once.discard("429")
        run = run_import(organisation, client)
        assert not run.complete and run.closed == 0
        assert run.issues.filter(reason="page_failed").count() == 1
    assert not Vacancy.objects.exclude(status="open").exists()


def test_a_place_edited_here_is_kept_and_flagged(organisation, fake_ba, ba_client, counsellor_a):
    run_import(organisation, ba_client)
    refnr = fake_ba.data.offers[5]["refnr"]
    place = Vacancy.objects.get(ba_refnr=refnr)
    vacancy_update(actor=counsellor_a, vacancy=place, data={"seats": 9})
    fake_ba.data.modify(refnr, anzahlOffeneStellen=4)
    run = run_import(organisation, ba_client)
    place.refresh_from_db()
    assert place.seats == 9 and place.ba_manually_edited
    assert run.manual_kept == 1 and run.updated == 0
    assert list(run.issues.values_list("refnr", "reason")) == [(refnr, "manual_edit_kept")]
    # The agency's change is reported once, not again on every later run.
    assert run_import(organisation, ba_client).manual_kept == 0


def test_bad_offers_are_reported_with_reasons_while_the_rest_imports(organisation, sleeps):
    data = FakeOffers.generate(20, malformed=True)
    with FakeBaServer(data, scenarios=["duplicates"]) as server:
        client = JobsucheClient(
            PoliteClient(base_url=server.base_url, min_interval_seconds=0, sleep=sleeps)
        )
        run = run_import(organisation, client)
    assert run.state == "done" and run.created == 20
    assert run.duplicates == 1 and run.rejected == 5
    reasons = sorted(run.issues.values_list("reason", "detail", "refnr"))
    assert reasons == [
        ("details_failed", "malformed JSON", MALFORMED_DETAILS_REFNR),
        ("invalid_field", "eintrittsdatum", "10000-0000000002-S"),
        ("missing_field", "refnr", ""),
        ("unknown_occupation", "Zauberer/in", "10000-0000000001-S"),
        ("unknown_postal_code", "00000", "10000-0000000003-S"),
    ]
    assert not Vacancy.objects.filter(ba_refnr__startswith="10000-00000000").exists()
    assert not Company.objects.filter(name="Fehlerfrei GmbH").exists()


def test_a_failing_write_rolls_back_only_that_offer(organisation, fake_ba, ba_client):
    from unittest import mock

    from django.db import IntegrityError

    from kausa.ba import services

    real = services._company
    calls = {"n": 0}

    def flaky(context, offer):
        calls["n"] += 1
        company = real(context, offer)  # written inside the offer's savepoint
        if calls["n"] == 1:
            raise IntegrityError("boom")
        return company

    with mock.patch.object(services, "_company", side_effect=flaky):
        run = run_import(organisation, ba_client)
    assert run.created == 29 and run.rejected == 1
    failed = run.issues.get(reason="write_failed")
    assert failed.detail == "IntegrityError"
    assert not Vacancy.objects.filter(ba_refnr=failed.refnr).exists()
    # The company made in the rolled-back savepoint is gone; the employer's other offers
    # created it again, once.
    employer = fake_ba.data.details[failed.refnr]["arbeitgeber"]
    others = [o for o in fake_ba.data.offers if o["arbeitgeber"] == employer]
    assert len(others) > 1
    assert Company.objects.filter(name=employer).count() == 1
    assert Company.objects.count() == run.companies_created
    assert Company.objects.count() == Vacancy.objects.values("company").distinct().count()


def test_429_with_retry_after_and_500_are_retried(organisation, sleeps):
    with FakeBaServer(FakeOffers.generate(25), scenarios=["rate_limit", "server_error"]) as server:
        client = JobsucheClient(
            PoliteClient(base_url=server.base_url, min_interval_seconds=0, sleep=sleeps)
        )
        run = run_import(organisation, client)
    assert run.state == "done" and run.complete and run.created == 25
    assert run.request_stats["retries"] == 2 and run.request_stats["failures"] == 0
    assert 1.0 in sleeps  # the Retry-After of the 429
    assert run.issues.count() == 0


def test_an_offer_under_a_replaced_occupation_lands_on_its_successor(organisation, sleeps):
    data = FakeOffers()
    data.add(
        refnr="10000-0000000777-S",
        title="Goldschmied/in",
        employer="Schmuckwerkstatt Demo",
        postal_code="39104",
        start="2027-08-01",
    )
    with FakeBaServer(data) as server:
        client = JobsucheClient(
            PoliteClient(base_url=server.base_url, min_interval_seconds=0, sleep=sleeps)
        )
        run = run_import(organisation, client)
    assert (run.created, run.rejected) == (1, 0)
    place = Vacancy.objects.get(ba_refnr="10000-0000000777-S")
    assert place.occupation.key == "gold-und-silberschmied-in"
