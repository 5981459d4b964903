"""The company portal's proposals: pseudonymised profiles, scoping to the company, and the
company's answer feeding the counsellor's pipeline (HTTP flows in German and Arabic)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import PersonFactory
from kausa.people.models import DesiredOccupation, PersonLanguage
from kausa.placements.models import (
    DeclineReason,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
)
from kausa.portal.bots import started_token
from kausa.portal.proposals import audit_actions, selectors, services
from kausa.portal.proposals.models import CompanyResponse
from kausa.portal.proposals.tests.matrix import sent_proposal
from kausa.portal.tests.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "ar"]


@pytest.fixture
def world(organisation, office_a, counsellor_a) -> World:
    counsellor_a.email = "berater.a@kausa.example"
    counsellor_a.save(update_fields=["email"])
    world = build_world(organisation, office_a, counsellor_a)
    person = world.person
    person.first_name = "Yasmin"
    person.last_name = "Quraishi"
    person.birth_date = timezone.localdate().replace(year=timezone.localdate().year - 19)
    person.email = "yasmin.q@example.org"
    person.phone = "0170 5551234"
    person.postal_code = "39104"
    person.place = "Magdeburg"
    person.school_certificate = 2
    person.school_certificate_country = "Syrien"
    person.german_level = 3
    person.save()
    sensitive = person.sensitive
    sensitive.residence_status = "tolerated"
    sensitive.save()
    PersonLanguage.objects.create(person=person, language="en", level=2)
    DesiredOccupation.objects.create(person=person, occupation=world.vacancy.occupation, rank=1)
    return world


@pytest.fixture
def proposal(world) -> Proposal:
    return sent_proposal(world.person, world.vacancy, world.counsellor)


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(f"portal_proposals:{name}", args=args)


def answer(client: Client, proposal: Proposal, language: str, **data: str):
    return client.post(
        url("respond", language, proposal.pk), {"form_started": started_token(), **data}
    )


FORBIDDEN = [
    "Quraishi",  # last name
    "Yasmin",  # full first name
    "yasmin.q@example.org",
    "5551234",
    "39104",  # the candidate's postal code (the place's is 06108)
    "Syrien",  # country of the school certificate (origin)
    "Duldung",
    "tolerated",
    "residence",
    "Aufenthalt",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_detail_shows_only_the_pseudonymised_profile(world, proposal, language):
    birth = world.person.birth_date
    response = client_for("company_user", world).get(url("detail", language, proposal.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert "Y." in html
    assert "18–20" in html
    assert "B1" in html
    assert world.vacancy.occupation.name in html
    # Magdeburg (52.13, 11.63) to Halle (51.48, 11.97): about 76 km.
    with translation.override(language):
        assert translation.gettext("about %(km)s km") % {"km": 76} in html
    for value in [*FORBIDDEN, birth.isoformat(), birth.strftime("%d.%m.%Y")]:
        assert value not in html, value


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_shows_sent_proposals_of_the_company_only(world, proposal, office_a, language):
    not_sent = Proposal.objects.create(
        office=office_a,
        person=PersonFactory(office=office_a, first_name="Zaid"),
        vacancy=world.vacancy,
        source=Proposal.Source.MANUAL,
    )
    from kausa.core.tests.factories import VacancyFactory

    other_place = VacancyFactory(company=world.other_company)
    others = sent_proposal(
        PersonFactory(office=office_a, first_name="Omar"), other_place, world.counsellor
    )
    response = client_for("company_user", world).get(url("list", language))
    html = response.content.decode()
    assert response.status_code == 200
    assert url("detail", language, proposal.pk) in html
    assert url("detail", language, not_sent.pk) not in html
    assert url("detail", language, others.pk) not in html
    assert "Quraishi" not in html and "Yasmin" not in html
    assert list(selectors.company_proposals(world.company)) == [proposal]


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_company_gets_404_and_changes_nothing(world, proposal, language):
    client = client_for("other_company", world)
    assert client.get(url("detail", language, proposal.pk)).status_code == 404
    response = answer(client, proposal, language, decision="accepted")
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLICATION_SENT
    assert not CompanyResponse.objects.exists()


def test_a_proposal_not_yet_sent_is_invisible(world, office_a):
    draft = Proposal.objects.create(
        office=office_a, person=world.person, vacancy=world.vacancy, source="manual"
    )
    client = client_for("company_user", world)
    assert client.get(url("detail", "de", draft.pk)).status_code == 404
    assert answer(client, draft, "de", decision="accepted").status_code == 404
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.PROPOSED


@pytest.mark.parametrize("language", LANGUAGES)
def test_accept_moves_the_proposal_to_the_interview(
    world, proposal, language, django_capture_on_commit_callbacks
):
    client = client_for("company_user", world)
    with django_capture_on_commit_callbacks(execute=True):
        response = answer(client, proposal, language, decision="accepted")
    assert response.status_code == 302
    assert response["Location"] == url("detail", language, proposal.pk)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    assert proposal.decline_reason == ""
    stored = CompanyResponse.objects.get(proposal=proposal)
    assert (stored.decision, stored.reason, stored.account) == ("accepted", "", world.account)
    change = proposal.history.last()
    assert (change.status, change.changed_by) == (ProposalStatus.INTERVIEW, None)
    entry = AuditEntry.objects.get(action=audit_actions.ACCEPTED)
    assert (entry.object_id, entry.actor, entry.office) == (str(proposal.pk), None, world.office)
    # The counsellor hears about it; the email names neither the person nor the company.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["berater.a@kausa.example"]
    body = mail.outbox[0].subject + mail.outbox[0].body
    assert reverse("placements:proposal", args=[proposal.pk]) in body
    assert "Yasmin" not in body and world.company.name not in body
    page = client.get(response["Location"]).content.decode()
    assert 'name="decision"' not in page  # no second form


@pytest.mark.parametrize("language", LANGUAGES)
def test_decline_with_reason_and_html_is_stored_and_escaped(world, proposal, language):
    client = client_for("company_user", world)
    text = '<script>alert("x")</script> Bitte später wieder.'
    response = answer(
        client, proposal, language, decision="declined", reason="german", reason_text=text
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED_BY_COMPANY
    assert proposal.decline_reason == DeclineReason.LANGUAGE
    stored = CompanyResponse.objects.get(proposal=proposal)
    assert (stored.decision, stored.reason, stored.reason_text) == ("declined", "german", text)
    assert AuditEntry.objects.filter(
        action=audit_actions.DECLINED, object_id=str(proposal.pk)
    ).exists()
    page = client.get(url("detail", language, proposal.pk)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    # The counsellor sees the status and the company's reason on the staff proposal page.
    staff = Client()
    staff.force_login(world.counsellor)
    staff_page = staff.get(reverse("placements:proposal", args=[proposal.pk])).content.decode()
    assert "&lt;script&gt;alert" in staff_page and "<script>alert" not in staff_page
    assert 'id="company-response"' in staff_page
    with translation.override("de"):
        assert str(ProposalStatus.DECLINED_BY_COMPANY.label) in staff_page


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "declined"},  # no reason
        {"decision": "declined", "reason": "nonsense"},
        {"decision": "maybe"},
        {},
        {"decision": "declined", "reason": "other", "reason_text": "x" * 10_000},
    ],
)
@pytest.mark.parametrize("language", LANGUAGES)
def test_bad_answers_store_nothing(world, proposal, language, data):
    client = client_for("company_user", world)
    response = answer(client, proposal, language, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'lang="{language}"' in html
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPLICATION_SENT
    assert not CompanyResponse.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="portal.proposal.").exists()


def test_a_bot_filling_the_honeypot_stores_nothing(world, proposal):
    response = answer(
        client_for("company_user", world), proposal, "de", decision="accepted", website="x"
    )
    assert response.status_code == 200
    assert not CompanyResponse.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_answering_twice_is_refused_with_a_message(world, proposal, language):
    client = client_for("company_user", world)
    answer(client, proposal, language, decision="accepted")
    response = answer(client, proposal, language, decision="declined", reason="other")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    assert CompanyResponse.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    with translation.override(language):
        from django.utils.translation import gettext

        assert gettext("Your company has already answered this proposal.") in page


def test_a_colleague_of_the_same_company_cannot_answer_again(world, proposal):
    from kausa.portal.tests.world import make_account, sign_in_account

    colleague = make_account(world.organisation, "chef@sonnenschein.example", world.company)
    answer(client_for("company_user", world), proposal, "de", decision="accepted")
    client = Client()
    sign_in_account(client, colleague)
    answer(client, proposal, "de", decision="declined", reason="other")
    assert CompanyResponse.objects.get().account == world.account
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW


def test_no_answer_once_the_office_moved_the_proposal_on(world, proposal):
    proposal.status = ProposalStatus.INTERVIEW
    proposal.save()
    client = client_for("company_user", world)
    page = client.get(url("detail", "de", proposal.pk)).content.decode()
    assert 'name="decision"' not in page
    answer(client, proposal, "de", decision="declined", reason="other")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW
    assert not CompanyResponse.objects.exists()
    assert ProposalStatusChange.objects.filter(proposal=proposal).count() == 2


def test_the_service_refuses_another_company(world, proposal):
    with pytest.raises(Http404):
        services.company_response_record(
            account=world.other_account, proposal=proposal, decision="accepted"
        )
    assert not CompanyResponse.objects.exists()


def test_the_service_sends_no_email_without_a_counsellor_address(
    world, proposal, django_capture_on_commit_callbacks
):
    world.counsellor.email = ""
    world.counsellor.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.company_response_record(
            account=world.account, proposal=proposal, decision="accepted"
        )
    assert mail.outbox == []
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.INTERVIEW


AGE_BANDS = [
    (15, "under 16"),
    (16, "16–17"),
    (17, "16–17"),
    (18, "18–20"),
    (20, "18–20"),
    (21, "21–24"),
    (24, "21–24"),
    (25, "25+"),
    (40, "25+"),
]


@pytest.mark.parametrize(("years", "band"), AGE_BANDS)
def test_age_band(years, band):
    today = datetime.date(2026, 6, 15)
    with translation.override("en"):
        assert selectors.age_band(datetime.date(2026 - years, 6, 15), today) == band
        assert selectors.age_band(None, today) == "not known"


def test_age_band_counts_the_birthday():
    today = datetime.date(2026, 6, 15)
    assert selectors.age_band(datetime.date(2008, 6, 16), today) == "16–17"  # 17 until tomorrow
    assert selectors.age_band(datetime.date(2008, 6, 15), today) == "18–20"


def test_a_withdrawn_matching_consent_hides_the_proposal(world, proposal):
    from kausa.counselling.models import Consent

    client = client_for("company_user", world)
    consent = Consent.objects.create(
        person=world.person,
        purpose="matching",
        text_version="1",
        given_on=datetime.date(2026, 1, 5),
        method="written",
    )
    assert client.get(url("detail", "de", proposal.pk)).status_code == 200
    consent.withdrawn_on = datetime.date(2026, 2, 1)
    consent.save()
    assert client.get(url("detail", "de", proposal.pk)).status_code == 404
    assert url("detail", "de", proposal.pk) not in client.get(url("list", "de")).content.decode()
    assert answer(client, proposal, "de", decision="accepted").status_code == 404
    assert not CompanyResponse.objects.exists()


def test_the_responsible_counsellor_of_the_open_case_is_told(
    world, proposal, office_a, django_capture_on_commit_callbacks
):
    from kausa.core.tests.factories import UserFactory
    from kausa.counselling.models import Case

    responsible = UserFactory(office=office_a, email="zustaendig@kausa.example")
    Case.objects.create(
        office=office_a,
        person=world.person,
        counsellor=responsible,
        opened_on=datetime.date(2026, 1, 5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.company_response_record(
            account=world.account, proposal=proposal, decision="declined", reason="commute"
        )
    assert [message.to for message in mail.outbox] == [["zustaendig@kausa.example"]]
    proposal.refresh_from_db()
    assert proposal.decline_reason == DeclineReason.COMMUTE
