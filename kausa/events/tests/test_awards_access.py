"""Award rounds and ambassadors belong to their office: another office and other
organisations get 404, read-only colleagues and team leads 403 on writes; bad input changes
nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory, PersonFactory
from kausa.events.models import (
    Ambassador,
    AmbassadorAppearance,
    AwardCategory,
    AwardRound,
    AwardRoundStatus,
    JuryVote,
    Nomination,
)
from kausa.events.services import awards as services
from kausa.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ROLES = ("counsellor_a", "reader_a", "counsellor_b", "team_lead", "outsider")


@pytest.fixture
def award_round(office_a):
    return AwardRound.objects.create(
        office=office_a,
        title="Vielfalt-Preis Magdeburg",
        category=AwardCategory.COMPANY,
        nominations_close_on=timezone.localdate() + datetime.timedelta(days=7),
    )


@pytest.fixture
def nomination(award_round, organisation):
    return Nomination.objects.create(
        award_round=award_round,
        company=CompanyFactory(organisation=organisation, name="Schreinerei Nur"),
        reason="Vertrauliche Begründung",
    )


@pytest.fixture
def ambassador(office_a):
    return Ambassador.objects.create(
        office=office_a,
        person=PersonFactory(office=office_a, first_name="Botschafterin"),
        profile="Profiltext",
    )


READ_EXPECTED = {
    "counsellor_a": 200,
    "reader_a": 200,
    "counsellor_b": 404,
    "team_lead": 200,
    "outsider": 404,
}
WRITE_EXPECTED = {
    "counsellor_a": 302,
    "reader_a": 403,
    "counsellor_b": 404,
    "team_lead": 403,
    "outsider": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_reading_rounds_and_ambassadors(request, client, role, award_round, nomination, ambassador):
    client.force_login(request.getfixturevalue(role))
    for url in (
        reverse("events:award_round", args=[award_round.pk]),
        reverse("events:award_round_public", args=[award_round.pk]),
        reverse("events:ambassador", args=[ambassador.pk]),
    ):
        assert client.get(url).status_code == READ_EXPECTED[role], url
    rounds = client.get(reverse("events:award_rounds")).content.decode()
    ambassadors = client.get(reverse("events:ambassadors")).content.decode()
    visible = READ_EXPECTED[role] == 200
    assert ("Vielfalt-Preis Magdeburg" in rounds) is visible
    assert ("Botschafterin" in ambassadors) is visible


@pytest.mark.parametrize("role", ROLES)
def test_writes_on_a_round(request, client, role, award_round, nomination, organisation):
    client.force_login(request.getfixturevalue(role))
    company = CompanyFactory(organisation=organisation)
    response = client.post(
        reverse("events:nominate", args=[award_round.pk]),
        {"company": str(company.pk), "reason": "Neu"},
    )
    assert response.status_code == WRITE_EXPECTED[role]
    expected_nominations = 2 if role == "counsellor_a" else 1
    assert Nomination.objects.count() == expected_nominations

    response = client.post(
        reverse("events:award_round_status", args=[award_round.pk]), {"status": "jury"}
    )
    assert response.status_code == WRITE_EXPECTED[role]
    award_round.refresh_from_db()
    moved = role == "counsellor_a"
    assert (award_round.status == AwardRoundStatus.JURY) is moved

    response = client.post(reverse("events:vote", args=[nomination.pk]), {"score": "5"})
    assert response.status_code == WRITE_EXPECTED[role]
    assert JuryVote.objects.exists() is moved

    edit = client.get(reverse("events:award_round_edit", args=[award_round.pk]))
    assert edit.status_code == (200 if moved else WRITE_EXPECTED[role])
    if not moved:
        assert AuditEntry.objects.filter(action__startswith="events.").count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_writes_on_an_ambassador(request, client, role, ambassador, office_a):
    client.force_login(request.getfixturevalue(role))
    event = EventFactory(office=office_a)
    response = client.post(
        reverse("events:ambassador_appearance", args=[ambassador.pk]), {"event": str(event.pk)}
    )
    assert response.status_code == WRITE_EXPECTED[role]
    response = client.post(reverse("events:ambassador", args=[ambassador.pk]), {"profile": "Neu"})
    assert response.status_code == WRITE_EXPECTED[role]
    response = client.post(reverse("events:ambassador_active", args=[ambassador.pk]))
    assert response.status_code == WRITE_EXPECTED[role]
    ambassador.refresh_from_db()
    allowed = role == "counsellor_a"
    assert AmbassadorAppearance.objects.exists() is allowed
    assert (ambassador.profile == "Neu") is allowed
    assert ambassador.active is not allowed


@pytest.mark.parametrize("role", ["reader_a", "team_lead"])
def test_read_only_staff_and_team_leads_create_nothing(request, client, role, organisation):
    client.force_login(request.getfixturevalue(role))
    response = client.post(
        reverse("events:award_rounds"),
        {
            "title": "Preis",
            "category": "company",
            "nominations_close_on": timezone.localdate().isoformat(),
            "winners_count": "1",
        },
    )
    assert response.status_code == 403
    response = client.post(
        reverse("events:ambassadors"),
        {"company": str(CompanyFactory(organisation=organisation).pk)},
    )
    assert response.status_code == 403
    assert not AwardRound.objects.exists()
    assert not Ambassador.objects.exists()
    page = client.get(reverse("events:award_rounds")).content.decode()
    assert 'name="title"' not in page


def test_services_refuse_other_offices_readers_and_team_leads(
    award_round, nomination, ambassador, reader_a, counsellor_b, team_lead, outsider
):
    company = CompanyFactory(organisation=award_round.office.organisation)
    for actor in (reader_a, counsellor_b, team_lead, outsider):
        with pytest.raises(PermissionDenied):
            services.nomination_add(
                actor=actor, award_round=award_round, company=company, reason="x"
            )
        with pytest.raises(PermissionDenied):
            services.award_round_advance(actor=actor, award_round=award_round)
        with pytest.raises(PermissionDenied):
            services.ambassador_deactivate(actor=actor, ambassador=ambassador)
        with pytest.raises(PermissionDenied):
            services.award_round_create(actor=actor, office=award_round.office, data={"title": "x"})
    assert Nomination.objects.count() == 1
    assert not AuditEntry.objects.filter(action__startswith="events.").exists()


def test_score_out_of_range_changes_nothing(client, counsellor_a, award_round, nomination):
    award_round.status = AwardRoundStatus.JURY
    award_round.save()
    client.force_login(counsellor_a)
    for score in ("7", "0", "abc", "", "99999999999999999999999"):
        response = client.post(reverse("events:vote", args=[nomination.pk]), {"score": score})
        assert response.status_code == 302
    assert not JuryVote.objects.exists()
    with pytest.raises(ValidationError):
        services.vote_cast(actor=counsellor_a, nomination=nomination, score=7)
    assert not JuryVote.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="events.").exists()


def test_a_foreign_company_id_in_the_post_body_changes_nothing(
    client, counsellor_a, award_round, outsider
):
    foreign = CompanyFactory(organisation=outsider.organisation)
    client.force_login(counsellor_a)
    url = reverse("events:nominate", args=[award_round.pk])
    for company_id in (str(foreign.pk), "99999999999999999999999", "-1", "x"):
        response = client.post(url, {"company": company_id, "reason": "Fremd"})
        assert response.status_code == 200
    assert not Nomination.objects.exists()
    with pytest.raises(ValidationError):
        services.nomination_add(
            actor=counsellor_a, award_round=award_round, company=foreign, reason="Fremd"
        )
    response = client.post(reverse("events:ambassadors"), {"company": str(foreign.pk)})
    assert response.status_code == 200
    assert not Ambassador.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="events.").exists()


def test_a_nomination_of_another_office_is_404_for_voting(client, counsellor_b, nomination):
    nomination.award_round.status = AwardRoundStatus.JURY
    nomination.award_round.save()
    client.force_login(counsellor_b)
    response = client.post(reverse("events:vote", args=[nomination.pk]), {"score": "5"})
    assert response.status_code == 404
    assert not JuryVote.objects.exists()
