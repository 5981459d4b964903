"""Template versioning, editing rules and district variants."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kausa.chains.models import ChainTemplate, DistrictPartner, TemplateStatus
from kausa.chains.services import district_partners as district_services
from kausa.chains.services import templates as template_services
from kausa.core.tests.factories import PartnerFactory, district

pytestmark = pytest.mark.django_db


def test_a_published_version_cannot_be_edited(client, team_lead, chain):
    step = chain.steps.first()
    with pytest.raises(ValidationError, match=r"neue Version|new version"):
        template_services.chain_step_save(
            actor=team_lead,
            template=chain,
            step=step,
            key=step.key,
            data={"responsible": "office", "texts": {"de": {"title": "X"}}},
        )
    client.force_login(team_lead)
    response = client.post(
        reverse("chains:step_edit", args=[chain.pk, step.pk]),
        {"key": "contract", "responsible": "office", "title_de": "Geändert"},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title() == "Ausbildungsvertrag schließen"


def test_a_new_version_is_an_editable_copy_and_publishing_retires_the_old(
    client, team_lead, chain, foreigners_office
):
    DistrictPartner.objects.create(
        template=chain,
        district=district("15003"),
        partner_type="foreigners_office",
        partner=foreigners_office,
    )
    client.force_login(team_lead)
    client.post(reverse("chains:new_version", args=[chain.pk]))
    draft = ChainTemplate.objects.get(key=chain.key, version=2)
    assert draft.status == TemplateStatus.DRAFT
    assert [s.key for s in draft.steps.all()] == [s.key for s in chain.steps.all()]
    assert draft.district_partners.count() == 1
    # A second draft of the same chain is refused.
    client.post(reverse("chains:new_version", args=[chain.pk]))
    assert ChainTemplate.objects.filter(key=chain.key).count() == 2

    step = draft.steps.get(key="contract")
    response = client.post(
        reverse("chains:step_edit", args=[draft.pk, step.pk]),
        {
            "key": "contract",
            "responsible": "company",
            "title_de": "Vertrag schließen",
            "title_uk": "Укласти договір",
            "links": "Muster | https://www.bibb.de/muster",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title("uk") == "Укласти договір" and step.links[0]["label"] == "Muster"
    client.post(reverse("chains:publish", args=[draft.pk]), {"checked": "on"})
    draft.refresh_from_db()
    chain.refresh_from_db()
    assert draft.status == TemplateStatus.PUBLISHED and chain.status == TemplateStatus.RETIRED
    assert chain.steps.get(key="contract").title() == "Ausbildungsvertrag schließen"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"responsible": "partner"}, "partner_type", "Art des zuständigen Partners"),
        ({"responsible": "office", "links": "nur Text ohne Adresse"}, "links", "https://"),
        ({"responsible": "office", "title_de": ""}, "title_de", "zwingend erforderlich"),
        ({"responsible": "office", "key": "chamber"}, "key", "Schlüssel"),
    ],
)
def test_bad_step_input_gets_a_german_message_and_changes_nothing(
    client, team_lead, chain, data, field, message
):
    client.force_login(team_lead)
    client.post(reverse("chains:new_version", args=[chain.pk]))
    draft = ChainTemplate.objects.get(key=chain.key, version=2)
    before = list(draft.steps.values_list("key", "texts"))
    post = {"key": "new-step", "title_de": "Neuer Schritt", **data}
    response = client.post(reverse("chains:step_add", args=[draft.pk]), post)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert list(draft.steps.values_list("key", "texts")) == before


def test_counsellors_read_templates_but_cannot_edit(client, counsellor_a, chain):
    client.force_login(counsellor_a)
    assert client.get(reverse("chains:template", args=[chain.pk])).status_code == 200
    assert client.post(reverse("chains:new_version", args=[chain.pk])).status_code == 403
    assert client.get(reverse("chains:district_partners", args=[chain.pk])).status_code == 403


def test_missing_partners_are_flagged_and_filled_from_the_directory(
    client, team_lead, chain, foreigners_office, organisation, office_a
):
    magdeburg = district("15003")
    flagged = district_services.missing_partners(chain, [magdeburg])
    assert {step.key for _d, step in flagged} == {"work-permit", "chamber"}
    client.force_login(team_lead)
    page = client.get(reverse("chains:template", args=[chain.pk]))
    assert any(d == magdeburg for d, _steps in page.context["missing_districts"])

    # Two chambers serve Magdeburg: ambiguous, so it stays flagged; one foreigners' office.
    PartnerFactory(organisation=organisation, partner_type="ihk", name="IHK A")
    PartnerFactory(organisation=organisation, partner_type="ihk", name="IHK B")
    filled = district_services.district_partners_fill(
        actor=team_lead, template=chain, districts=[magdeburg]
    )
    assert filled == 1
    assert [s.key for _d, s in district_services.missing_partners(chain, [magdeburg])] == [
        "chamber"
    ]
    ihk = chain.organisation.partners.get(name="IHK A")
    client.post(reverse("chains:district_partners", args=[chain.pk]), {"p-15003-ihk": ihk.pk})
    assert district_services.missing_partners(chain, [magdeburg]) == []
