"""Publishing a version cannot be undone: it needs a confirmation step with a ticked box."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kausa.chains import audit_actions
from kausa.chains.models import ChainTemplate, TemplateStatus
from kausa.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def _draft(client, team_lead, chain) -> ChainTemplate:
    client.force_login(team_lead)
    client.post(reverse("chains:new_version", args=[chain.pk]))
    return ChainTemplate.objects.get(key=chain.key, version=2)


def _published(draft: ChainTemplate) -> int:
    return AuditEntry.objects.filter(
        action=audit_actions.TEMPLATE_PUBLISHED, object_id=str(draft.pk)
    ).count()


def test_the_detail_page_links_to_a_confirmation_page_instead_of_publishing(
    client, team_lead, chain
):
    draft = _draft(client, team_lead, chain)
    url = reverse("chains:publish", args=[draft.pk])
    detail = client.get(reverse("chains:template", args=[draft.pk])).content.decode()
    assert f'href="{url}"' in detail
    assert f'action="{url}"' not in detail  # no one-click publish button

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="checked"' in html and 'type="checkbox"' in html
    assert "version 1" in html or "Version 1" in html  # names the version it replaces
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT and _published(draft) == 0


def test_publishing_without_the_box_changes_nothing_and_says_why(client, team_lead, chain):
    draft = _draft(client, team_lead, chain)
    response = client.post(reverse("chains:publish", args=[draft.pk]))
    assert response.status_code == 200
    assert "checked" in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    draft.refresh_from_db()
    chain.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT and chain.status == TemplateStatus.PUBLISHED
    assert _published(draft) == 0


def test_publishing_with_the_box_publishes_once_and_is_audited(client, team_lead, chain):
    draft = _draft(client, team_lead, chain)
    response = client.post(reverse("chains:publish", args=[draft.pk]), {"checked": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    chain.refresh_from_db()
    assert draft.status == TemplateStatus.PUBLISHED and chain.status == TemplateStatus.RETIRED
    assert _published(draft) == 1
    # the confirmation page of a published version leads back: nothing to confirm
    again = client.get(reverse("chains:publish", args=[draft.pk]))
    assert again.status_code == 302 and _published(draft) == 1


def test_counsellors_see_no_confirmation_page(client, counsellor_a, team_lead, chain):
    draft = _draft(client, team_lead, chain)
    client.force_login(counsellor_a)
    assert client.get(reverse("chains:publish", args=[draft.pk])).status_code == 403
    assert (
        client.post(reverse("chains:publish", args=[draft.pk]), {"checked": "on"}).status_code
        == 403
    )
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT
