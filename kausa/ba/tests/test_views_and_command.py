"""The team lead's page (start, progress, report; counsellors 403, other organisations 404)
and the command's output and exit codes."""

from __future__ import annotations

import pytest
from django.core.management import ManagementUtility
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult

from kausa.ba import tasks
from kausa.ba.http import PoliteClient
from kausa.ba.jobsuche import JobsucheClient
from kausa.ba.models import ImportIssue, ImportRun
from kausa.core.models import AuditEntry, Role
from kausa.core.tests.factories import OrganisationFactory, UserFactory
from kausa.vacancies.models import Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_worker_client(monkeypatch, fake_ba, settings):
    settings.BA_JOBSUCHE_BASE_URL = fake_ba.base_url

    def client(**options):
        return JobsucheClient(
            PoliteClient(base_url=settings.BA_JOBSUCHE_BASE_URL, min_interval_seconds=0)
        )

    monkeypatch.setattr(tasks, "jobsuche_client", client)
    monkeypatch.setattr("kausa.ba.management.commands.import_ba_places.jobsuche_client", client)


def test_team_lead_starts_an_import_the_worker_runs_it_and_the_report_shows_counts(
    client, team_lead, fake_ba, fast_worker_client, django_capture_on_commit_callbacks
):
    client.force_login(team_lead)
    page = client.get(reverse("ba:runs"))
    assert page.status_code == 200 and 'name="postal_code"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("ba:runs"), {"postal_code": "39104", "radius_km": "50"})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ba:run", args=[run.pk])
    assert run.state == "queued" and run.started_by == team_lead
    queued = [row.args_kwargs["args"] for row in DBTaskResult.objects.all()]
    assert queued == [[run.pk]]
    assert AuditEntry.objects.filter(action="ba.import.started", actor=team_lead).count() == 1
    tasks.ba_import_run.call(run.pk)
    run.refresh_from_db()
    assert run.state == "done" and run.created == 30
    ImportIssue.objects.create(run=run, refnr="10000-1-S", reason="unknown_occupation")
    report = client.get(reverse("ba:run", args=[run.pk]))
    text = report.content.decode()
    assert report.status_code == 200 and "30" in text and "10000-1-S" in text
    # No employer names in the report (they can name a person: a sole trader).
    assert not any(offer["arbeitgeber"] in text for offer in fake_ba.data.offers)
    assert client.get(reverse("ba:runs")).status_code == 200


def test_a_running_import_polls_with_a_marked_htmx_element(client, team_lead, organisation):
    run = ImportRun.objects.create(
        organisation=organisation, postal_code="39104", radius_km=50, state="running"
    )
    client.force_login(team_lead)
    partial = client.get(reverse("ba:run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert 'hx-get="' in partial.content.decode() and "data-hx-mark=" in partial.content.decode()


def test_a_bad_region_is_refused_with_a_message_and_nothing_is_started(client, team_lead):
    client.force_login(team_lead)
    response = client.post(reverse("ba:runs"), {"postal_code": "00000", "radius_km": "900"})
    assert response.status_code == 200
    assert ImportRun.objects.count() == 0
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.COUNSELLOR, Role.READ_ONLY])
def test_counsellors_and_colleagues_get_403(client, office_a, organisation, role):
    run = ImportRun.objects.create(organisation=organisation, postal_code="39104", radius_km=50)
    client.force_login(UserFactory(office=office_a, role=role))
    assert client.get(reverse("ba:runs")).status_code == 403
    assert client.post(reverse("ba:runs"), {"postal_code": "39104"}).status_code == 403
    assert client.get(reverse("ba:run", args=[run.pk])).status_code == 403
    assert ImportRun.objects.count() == 1


def test_another_organisations_runs_are_404_and_not_listed(client, organisation):
    run = ImportRun.objects.create(organisation=organisation, postal_code="39104", radius_km=50)
    other = OrganisationFactory(name="Andere Landesstelle")
    lead = UserFactory(office=None, organisation=other, role=Role.TEAM_LEAD)
    client.force_login(lead)
    assert client.get(reverse("ba:run", args=[run.pk])).status_code == 404
    listing = client.get(reverse("ba:runs")).content.decode()
    assert reverse("ba:run", args=[run.pk]) not in listing


def run_command(*arguments: str) -> None:
    ManagementUtility(["manage.py", "import_ba_places", *arguments]).execute()


# The command line closes every database connection when it ends (as `manage.py` does), which
# a test inside one transaction does not survive on PostgreSQL: these run transactionally.
@pytest.mark.django_db(transaction=True)
def test_the_command_imports_and_reports(capsys, organisation, fast_worker_client):
    run_command("--organisation", organisation.name, "--postal-code", "39104", "--radius", "50")
    out = capsys.readouterr().out
    run = ImportRun.objects.get()
    assert run.state == "done" and run.created == 30 and run.started_by is None
    assert f"{run.pk}" in out and "30" in out
    assert Vacancy.objects.filter(source="ba").count() == 30
    # By id as well (organisations have no slug): a second run creates nothing.
    run_command("--organisation", str(organisation.pk), "--postal-code", "39104")
    assert ImportRun.objects.latest("pk").created == 0


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--postal-code", "00000"], "The postal code %(code)s is unknown."),
        (
            ["--postal-code", "39104", "--radius", "500"],
            "The radius must be between 0 and %(max)s km.",
        ),
    ],
)
@pytest.mark.django_db(transaction=True)
def test_bad_arguments_exit_non_zero_in_german_and_write_nothing(
    capsys, organisation, arguments, message
):
    with pytest.raises(SystemExit) as exited:
        run_command("--organisation", organisation.name, *arguments)
    assert exited.value.code != 0
    err = capsys.readouterr().err
    with translation.override("de"):
        expected = gettext(message).split("%")[0]
    assert expected in err
    assert ImportRun.objects.count() == 0 and not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_unknown_organisation_exits_non_zero(capsys, transactional_db):
    with pytest.raises(SystemExit) as exited:
        run_command("--organisation", "Gibt es nicht", "--postal-code", "39104")
    assert exited.value.code != 0
    assert "Gibt es nicht" in capsys.readouterr().err
    assert ImportRun.objects.count() == 0


def test_an_imported_place_shows_its_source_link_and_edit_flag(
    client, counsellor_a, organisation, fake_ba, ba_client
):
    from kausa.ba.services import ba_import_execute, ba_import_start

    run = ba_import_start(actor=None, organisation=organisation, postal_code="39104", radius_km=5)
    ba_import_execute(run, ba_client)
    place = Vacancy.objects.filter(source="ba").first()
    client.force_login(counsellor_a)
    text = client.get(reverse("vacancies:detail", args=[place.pk])).content.decode()
    assert f'href="https://www.arbeitsagentur.de/jobsuche/jobdetail/{place.ba_refnr}"' in text
    assert "edited after the import" not in text and "nach dem Import bearbeitet" not in text
    Vacancy.objects.filter(pk=place.pk).update(ba_manually_edited=True)
    text = client.get(reverse("vacancies:detail", args=[place.pk])).content.decode()
    assert "edited after the import" in text or "nach dem Import bearbeitet" in text


def test_an_unexpected_error_in_the_worker_marks_the_run_failed(monkeypatch, organisation, caplog):
    from kausa.ba.services import ba_import_start

    run = ba_import_start(actor=None, organisation=organisation, postal_code="39104", radius_km=5)

    def broken(run, client, **options):
        raise RuntimeError("Ausbildungsbetrieb 00001 GmbH")  # a message that quotes data

    monkeypatch.setattr(tasks, "ba_import_execute", broken)
    assert tasks.ba_import_run.call(run.pk) == 0
    run.refresh_from_db()
    assert run.state == "failed" and run.finished_at is not None
    assert "Ausbildungsbetrieb" not in caplog.text and "RuntimeError" in caplog.text
