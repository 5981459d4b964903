"""Award rounds over HTTP: create, nominate (companies and apprentices), jury votes, winners
with a tie, and the public list that shows only consenting winners' public names."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry, Role
from kausa.core.tests.factories import CompanyFactory, PersonFactory, UserFactory
from kausa.events import audit_actions, selectors
from kausa.events.models import (
    AwardCategory,
    AwardRound,
    AwardRoundStatus,
    JuryVote,
    Nomination,
)
from kausa.events.services import awards as services
from kausa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def make_round(office, *, category=AwardCategory.COMPANY, status=AwardRoundStatus.NOMINATING, **kw):
    defaults = {
        "title": "Unternehmen mit Kultur 2027",
        "nominations_close_on": timezone.localdate() + datetime.timedelta(days=10),
        "winners_count": 1,
    }
    defaults.update(kw)
    return AwardRound.objects.create(office=office, category=category, status=status, **defaults)


def nominate_company(round_, company, **kw):
    return Nomination.objects.create(
        award_round=round_,
        company=company,
        reason=kw.pop("reason", "Bildet seit Jahren aus."),
        **kw,
    )


def test_counsellor_creates_a_round_with_a_ceremony_of_the_office(client, counsellor_a):
    ceremony = EventFactory(office=counsellor_a.office, title="Preisverleihung")
    client.force_login(counsellor_a)
    page = client.get(reverse("events:award_rounds"))
    assert page.status_code == 200
    assert 'name="title"' in page.content.decode()
    response = client.post(
        reverse("events:award_rounds"),
        {
            "title": "Ausbildungsbetrieb des Jahres",
            "category": "company",
            "criteria": "Vielfalt im Betrieb",
            "nominations_close_on": (
                timezone.localdate() + datetime.timedelta(days=30)
            ).isoformat(),
            "winners_count": "2",
            "ceremony": str(ceremony.pk),
        },
    )
    award_round = AwardRound.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:award_round", args=[award_round.pk])
    assert award_round.office == counsellor_a.office
    assert award_round.status == AwardRoundStatus.NOMINATING
    assert award_round.ceremony == ceremony
    assert award_round.winners_count == 2
    entry = AuditEntry.objects.get(action=audit_actions.AWARD_ROUND_CREATED)
    assert entry.object_id == str(award_round.pk)
    assert entry.actor == counsellor_a


def test_a_ceremony_of_another_office_is_refused(client, counsellor_a, office_b):
    foreign = EventFactory(office=office_b)
    client.force_login(counsellor_a)
    response = client.post(
        reverse("events:award_rounds"),
        {
            "title": "Preis",
            "category": "company",
            "nominations_close_on": timezone.localdate().isoformat(),
            "winners_count": "1",
            "ceremony": str(foreign.pk),
        },
    )
    assert response.status_code == 200
    assert not AwardRound.objects.exists()


def test_nominate_a_company_and_the_duplicate_is_refused_in_german(client, counsellor_a):
    award_round = make_round(counsellor_a.office)
    company = CompanyFactory(organisation=counsellor_a.organisation, name="Bäckerei Aydın")
    client.force_login(counsellor_a)
    url = reverse("events:nominate", args=[award_round.pk])
    data = {"company": str(company.pk), "reason": "Hat drei Geflüchtete ausgebildet."}
    response = client.post(url, data)
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.company == company
    assert nomination.nominated_by == counsellor_a
    assert AuditEntry.objects.filter(action=audit_actions.NOMINATION_ADDED).count() == 1

    again = client.post(url, {**data, "reason": "Noch einmal"}, HTTP_ACCEPT_LANGUAGE="de")
    assert again.status_code == 200
    assert "bereits nominiert" in again.content.decode()
    assert Nomination.objects.count() == 1
    assert AuditEntry.objects.filter(action=audit_actions.NOMINATION_ADDED).count() == 1


def test_nominate_an_apprentice(client, counsellor_a):
    award_round = make_round(counsellor_a.office, category=AwardCategory.APPRENTICE)
    person = PersonFactory(office=counsellor_a.office, first_name="Samir")
    client.force_login(counsellor_a)
    response = client.post(
        reverse("events:nominate", args=[award_round.pk]),
        {
            "person": str(person.pk),
            "reason": "Bestnote in der Zwischenprüfung",
            "public_consent": "on",
            "public_name": "Samir H.",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.person == person
    assert nomination.public_consent and nomination.public_name == "Samir H."
    page = client.get(reverse("events:award_round", args=[award_round.pk]))
    assert "Bestnote in der Zwischenprüfung" in page.content.decode()


def test_an_apprentice_round_refuses_a_company_and_a_person_of_another_office(
    client, counsellor_a, office_b
):
    award_round = make_round(counsellor_a.office, category=AwardCategory.APPRENTICE)
    foreign_person = PersonFactory(office=office_b)
    company = CompanyFactory(organisation=counsellor_a.organisation)
    client.force_login(counsellor_a)
    url = reverse("events:nominate", args=[award_round.pk])
    for data in (
        {"company": str(company.pk), "reason": "Gut"},
        {"person": str(foreign_person.pk), "reason": "Gut"},
    ):
        assert client.post(url, data).status_code == 200
    assert not Nomination.objects.exists()


def test_nomination_after_the_closing_date_is_refused(client, counsellor_a):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    award_round = make_round(counsellor_a.office, nominations_close_on=yesterday)
    company = CompanyFactory(organisation=counsellor_a.organisation)
    client.force_login(counsellor_a)
    response = client.post(
        reverse("events:nominate", args=[award_round.pk]),
        {"company": str(company.pk), "reason": "Zu spät"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert "Die Nominierungsfrist dieser Runde ist abgelaufen." in response.content.decode()
    assert not Nomination.objects.exists()


def test_nomination_on_the_closing_day_is_accepted(counsellor_a):
    award_round = make_round(counsellor_a.office, nominations_close_on=timezone.localdate())
    company = CompanyFactory(organisation=counsellor_a.organisation)
    nomination = services.nomination_add(
        actor=counsellor_a, award_round=award_round, company=company, reason="Pünktlich"
    )
    assert nomination.pk is not None


def test_no_nominations_during_jury_voting(counsellor_a):
    award_round = make_round(counsellor_a.office, status=AwardRoundStatus.JURY)
    company = CompanyFactory(organisation=counsellor_a.organisation)
    with pytest.raises(ValidationError):
        services.nomination_add(
            actor=counsellor_a, award_round=award_round, company=company, reason="Zu spät"
        )
    assert not Nomination.objects.exists()


def test_jury_votes_and_changing_a_vote_updates_it(client, counsellor_a):
    award_round = make_round(counsellor_a.office)
    nomination = nominate_company(
        award_round, CompanyFactory(organisation=counsellor_a.organisation)
    )
    client.force_login(counsellor_a)
    # No votes while nominations are open.
    client.post(reverse("events:vote", args=[nomination.pk]), {"score": "4"})
    assert not JuryVote.objects.exists()

    status_url = reverse("events:award_round_status", args=[award_round.pk])
    assert client.post(status_url, {"status": "jury"}).status_code == 302
    award_round.refresh_from_db()
    assert award_round.status == AwardRoundStatus.JURY

    client.post(reverse("events:vote", args=[nomination.pk]), {"score": "4"})
    client.post(reverse("events:vote", args=[nomination.pk]), {"score": "2"})
    vote = JuryVote.objects.get()
    assert (vote.juror, vote.score) == (counsellor_a, 2)
    assert AuditEntry.objects.filter(action=audit_actions.JURY_VOTE_CAST).count() == 2

    page = client.get(reverse("events:award_round", args=[award_round.pk])).content.decode()
    assert '<option value="2" selected>' in page


def test_a_stale_status_form_changes_nothing(client, counsellor_a):
    award_round = make_round(counsellor_a.office)
    nominate_company(award_round, CompanyFactory(organisation=counsellor_a.organisation))
    client.force_login(counsellor_a)
    client.post(reverse("events:award_round_status", args=[award_round.pk]), {"status": "decided"})
    award_round.refresh_from_db()
    assert award_round.status == AwardRoundStatus.NOMINATING
    assert not AuditEntry.objects.filter(action=audit_actions.AWARD_ROUND_STATUS_CHANGED).exists()


def _juror(office, name):
    return UserFactory(office=office, role=Role.COUNSELLOR, username=name)


def test_winners_by_average_with_ties_broken_by_votes_then_id(client, counsellor_a):
    office = counsellor_a.office
    award_round = make_round(office, status=AwardRoundStatus.JURY, winners_count=2)
    organisation = counsellor_a.organisation
    first, second, third, fourth = (
        nominate_company(award_round, CompanyFactory(organisation=organisation)) for _ in range(4)
    )
    jurors = [counsellor_a, _juror(office, "jury.2"), _juror(office, "jury.3")]
    # first: 4.0 from one vote; second: 4.0 from two votes (wins the tie on votes);
    # third: 5, 3 -> 4.0 from two votes, later id than second; fourth: 5.0 from one vote.
    scores = {first: [4], second: [4, 4], third: [5, 3], fourth: [5]}
    for nomination, given in scores.items():
        for juror, score in zip(jurors, given, strict=False):
            services.vote_cast(actor=juror, nomination=nomination, score=score)

    client.force_login(counsellor_a)
    response = client.post(
        reverse("events:award_round_status", args=[award_round.pk]), {"status": "decided"}
    )
    assert response.status_code == 302
    award_round.refresh_from_db()
    assert award_round.status == AwardRoundStatus.DECIDED
    winners = set(award_round.nominations.filter(is_winner=True))
    assert winners == {fourth, second}
    assert AuditEntry.objects.filter(action=audit_actions.WINNERS_DECIDED).count() == 1
    # Decided rounds take no more votes.
    with pytest.raises(ValidationError):
        services.vote_cast(actor=counsellor_a, nomination=first, score=5)


def test_tie_on_average_and_votes_goes_to_the_earlier_nomination(counsellor_a):
    award_round = make_round(counsellor_a.office, status=AwardRoundStatus.JURY, winners_count=1)
    organisation = counsellor_a.organisation
    earlier = nominate_company(award_round, CompanyFactory(organisation=organisation))
    later = nominate_company(award_round, CompanyFactory(organisation=organisation))
    services.vote_cast(actor=counsellor_a, nomination=later, score=3)
    services.vote_cast(actor=counsellor_a, nomination=earlier, score=3)
    services.winners_decide(actor=counsellor_a, award_round=award_round)
    assert list(award_round.nominations.filter(is_winner=True)) == [earlier]


def test_public_list_shows_only_consenting_winners_public_names(client, counsellor_a):
    award_round = make_round(counsellor_a.office, status=AwardRoundStatus.DECIDED, winners_count=3)
    organisation = counsellor_a.organisation
    nominate_company(
        award_round,
        CompanyFactory(organisation=organisation, name="Interne Firmenbezeichnung GmbH"),
        reason="GEHEIME BEGRÜNDUNG A",
        is_winner=True,
        public_consent=True,
        public_name="Tischlerei Öztürk",
    )
    nominate_company(
        award_round,
        CompanyFactory(organisation=organisation, name="Ohne Zustimmung KG"),
        reason="GEHEIME BEGRÜNDUNG B",
        is_winner=True,
        public_consent=False,
        public_name="Sollte nie erscheinen",
    )
    nominate_company(
        award_round,
        CompanyFactory(organisation=organisation, name="Nicht gewonnen AG"),
        reason="GEHEIME BEGRÜNDUNG C",
        is_winner=False,
        public_consent=True,
        public_name="Auch nicht öffentlich",
    )
    assert selectors.public_list(award_round) == ["Tischlerei Öztürk"]

    client.force_login(counsellor_a)
    page = client.get(reverse("events:award_round_public", args=[award_round.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert "Tischlerei Öztürk" in content
    for hidden in (
        "Interne Firmenbezeichnung",
        "Ohne Zustimmung",
        "Sollte nie erscheinen",
        "Auch nicht öffentlich",
        "GEHEIME BEGRÜNDUNG",
    ):
        assert hidden not in content


def test_reasons_are_escaped(client, counsellor_a):
    award_round = make_round(counsellor_a.office)
    payload = '<script>alert("x")</script>'
    nominate_company(
        award_round, CompanyFactory(organisation=counsellor_a.organisation), reason=payload
    )
    client.force_login(counsellor_a)
    content = client.get(reverse("events:award_round", args=[award_round.pk])).content.decode()
    assert payload not in content
    assert "&lt;script&gt;" in content


def test_edit_a_round_and_its_category_is_locked_once_nominated(client, counsellor_a):
    award_round = make_round(counsellor_a.office)
    client.force_login(counsellor_a)
    url = reverse("events:award_round_edit", args=[award_round.pk])
    data = {
        "title": "Neuer Titel",
        "category": "company",
        "criteria": "",
        "nominations_close_on": award_round.nominations_close_on.isoformat(),
        "winners_count": "3",
    }
    assert client.post(url, data).status_code == 302
    award_round.refresh_from_db()
    assert (award_round.title, award_round.winners_count) == ("Neuer Titel", 3)
    entry = AuditEntry.objects.get(action=audit_actions.AWARD_ROUND_UPDATED)
    assert set(entry.changed_fields) == {"title", "winners_count"}

    nominate_company(award_round, CompanyFactory(organisation=counsellor_a.organisation))
    response = client.post(url, {**data, "category": "apprentice"})
    assert response.status_code == 200
    award_round.refresh_from_db()
    assert award_round.category == AwardCategory.COMPANY
    assert AuditEntry.objects.filter(action=audit_actions.AWARD_ROUND_UPDATED).count() == 1
