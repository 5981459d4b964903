"""Content pages: publish flow, drafts stay hidden, versions are kept, the German fallback
with a note, 404 without a page, another organisation's page is never shown."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from kausa.core.models import AuditEntry
from kausa.core.tests.factories import OrganisationFactory
from kausa.portal.content import audit_actions
from kausa.portal.content.models import ContentPage, ContentVersion, VersionStatus
from kausa.portal.content.services import content_defaults
from kausa.portal.content.tests.helpers import page_with, tags_of

pytestmark = pytest.mark.django_db

FALLBACK_NOTE = "This page is not yet available in your language. Here it is in German."


def url(name, language, *args):
    with translation.override(language):
        return reverse(name, args=args)


def edit_url(page, language):
    return reverse("portal_content_staff:edit", args=[page.pk, language])


def save(client, page, language, title, body, action):
    return client.post(
        edit_url(page, language), {"title": title, "body_markdown": body, "action": action}
    )


@pytest.mark.parametrize("language", ["de", "ar"])
def test_team_lead_saves_a_draft_then_publishes_it(client, team_lead, organisation, language):
    page = page_with(organisation, de=("Duale Ausbildung", "Alter Text."))
    client.force_login(team_lead)

    response = save(client, page, language, "Neuer Titel", "Neuer **Text** hier.", "draft")
    assert response.status_code == 302
    draft = ContentVersion.objects.get(page=page, language=language, title="Neuer Titel")
    assert draft.status == VersionStatus.DRAFT and draft.published_at is None
    assert draft.created_by == team_lead

    portal = client.get(url("portal_content:training", language))
    assert "Neuer Titel" not in portal.content.decode()  # a draft is not shown
    if language == "de":
        assert "Alter Text." in portal.content.decode()
    else:  # nothing published in Arabic: German with a note
        with translation.override("ar"):
            assert gettext(FALLBACK_NOTE) in portal.content.decode()

    response = client.post(reverse("portal_content_staff:publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == team_lead

    body = client.get(url("portal_content:training", language)).content.decode()
    assert "<h1>Neuer Titel</h1>" in body
    assert "Neuer <strong>Text</strong> hier." in body
    assert "Alter Text." not in body
    with translation.override(language):
        assert gettext(FALLBACK_NOTE) not in body
    codes = list(
        AuditEntry.objects.filter(object_type=audit_actions.VERSION).values_list(
            "action", flat=True
        )
    )
    assert codes.count(audit_actions.VERSION_SAVED) == 1
    assert codes.count(audit_actions.VERSION_PUBLISHED) == 1
    assert "Neuer" not in str(list(AuditEntry.objects.values()))  # no text in the trail


def test_save_and_publish_keeps_the_older_versions_in_the_history(client, team_lead, organisation):
    page = page_with(organisation, de=("Erste Fassung", "Eins."))
    client.force_login(team_lead)
    save(client, page, "de", "Zweite Fassung", "Zwei.", "publish")
    save(client, page, "de", "Dritte Fassung", "Drei.", "draft")

    versions = list(page.versions.filter(language="de").order_by("pk"))
    assert [v.title for v in versions] == ["Erste Fassung", "Zweite Fassung", "Dritte Fassung"]
    assert [v.status for v in versions] == ["published", "published", "draft"]
    history = client.get(edit_url(page, "de")).content.decode()
    for title in ("Erste Fassung", "Zweite Fassung", "Dritte Fassung"):
        assert title in history
    assert team_lead.username in history or team_lead.get_full_name() in history
    # the form starts from the newest version, the draft
    assert "Drei." in history
    portal = client.get(url("portal_content:training", "de")).content.decode()
    assert "Zweite Fassung" in portal and "Dritte Fassung" not in portal

    # an older version published again is shown again
    client.post(reverse("portal_content_staff:publish", args=[versions[0].pk]))
    portal = client.get(url("portal_content:training", "de")).content.decode()
    assert "Erste Fassung" in portal and "Zweite Fassung" not in portal


def test_preview_renders_safely_and_saves_nothing(client, team_lead, organisation):
    page = page_with(organisation, de=("Titel", "Text."))
    client.force_login(team_lead)
    response = save(
        client,
        page,
        "de",
        "Vorschau",
        "## Teil\n\n<script>alert(1)</script> [x](javascript:y)",
        "preview",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h2>Teil</h2>" in body
    assert "<script>alert(1)</script>" not in body and 'href="javascript:' not in body
    assert page.versions.count() == 1


@pytest.mark.parametrize("language", ["de", "ar"])
def test_bad_input_on_the_staff_form_stores_nothing(client, team_lead, organisation, language):
    page = page_with(organisation, de=("Titel", "Text."))
    client.force_login(team_lead)
    response = save(client, page, language, "", "x" * 20_001, "publish")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert page.versions.count() == 1


def test_counsellor_cannot_edit_and_other_organisation_gets_404(client, counsellor_a, organisation):
    page = page_with(organisation, de=("Titel", "Text."))
    client.force_login(counsellor_a)
    assert save(client, page, "de", "Hack", "Hack", "publish").status_code == 403
    from kausa.core.models import Role
    from kausa.core.tests.factories import UserFactory

    other = OrganisationFactory(name="Andere Landesstelle")
    lead_2 = UserFactory(office=None, organisation=other, role=Role.TEAM_LEAD, username="lead2")
    client.force_login(lead_2)
    assert save(client, page, "de", "Hack", "Hack", "publish").status_code == 404
    assert client.get(reverse("portal_content_staff:list")).content.decode().count(page.slug) == 0
    assert page.versions.count() == 1


def test_team_lead_creates_a_custom_page(client, team_lead, organisation):
    client.force_login(team_lead)
    response = client.post(
        reverse("portal_content_staff:create"), {"slug": "elternabend", "purpose": "custom"}
    )
    page = ContentPage.objects.get(slug="elternabend")
    assert response.status_code == 302 and page.organisation == organisation
    # the same address twice, a bad address, a second training page: form errors
    for data in (
        {"slug": "elternabend", "purpose": "custom"},
        {"slug": "Bad Address!", "purpose": "custom"},
        {"slug": "<script>", "purpose": "custom"},
    ):
        response = client.post(reverse("portal_content_staff:create"), data)
        assert response.status_code == 200 and "error-summary" in response.content.decode()
    page_with(organisation, slug="ausbildung", purpose="training")
    response = client.post(
        reverse("portal_content_staff:create"), {"slug": "zweite", "purpose": "training"}
    )
    assert response.status_code == 200
    assert ContentPage.objects.filter(organisation=organisation).count() == 2


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_page_in_the_visitors_language(client, organisation, language):
    page_with(
        organisation,
        slug="eltern",
        purpose="custom",
        de=("Für Eltern", "Deutscher Text."),
        ar=("للوالدين", "نص عربي."),
    )
    body = client.get(url("portal_content:page", language, "eltern")).content.decode()
    expected = "Deutscher Text." if language == "de" else "نص عربي."
    assert expected in body
    with translation.override(language):
        assert gettext(FALLBACK_NOTE) not in body


def test_fallback_to_german_shows_the_note_in_arabic(client, organisation):
    page_with(organisation, slug="eltern", purpose="custom", de=("Für Eltern", "Deutscher Text."))
    body = client.get(url("portal_content:page", "ar", "eltern")).content.decode()
    assert "Deutscher Text." in body
    assert 'lang="de" dir="ltr"' in body  # the German text is marked as German
    with translation.override("ar"):
        assert gettext(FALLBACK_NOTE) in body


@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_page_or_nothing_published_answers_404(client, organisation, language):
    assert client.get(url("portal_content:page", language, "gibt-es-nicht")).status_code == 404
    page = ContentPage.objects.create(organisation=organisation, slug="entwurf", purpose="custom")
    ContentVersion.objects.create(page=page, language="de", title="Nur Entwurf", body_markdown="x")
    assert client.get(url("portal_content:page", language, "entwurf")).status_code == 404


def test_another_organisations_page_is_never_shown(client, organisation, settings):
    other = OrganisationFactory(name="Andere Landesstelle")
    page_with(other, slug="fremd", purpose="custom", de=("Fremde Seite", "Fremd."))
    page_with(other, slug="ausbildung", purpose="training", de=("Fremde Ausbildung", "Fremd."))
    settings.PORTAL_ORGANISATION_ID = organisation.pk
    assert client.get(url("portal_content:page", "de", "fremd")).status_code == 404
    body = client.get(url("portal_content:training", "de")).content.decode()
    assert "Fremd" not in body  # the own (default) page, never the other organisation's


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_first_visit_of_the_training_page_creates_the_default_pages(
    client, organisation, language
):
    assert not ContentPage.objects.filter(organisation=organisation).exists()
    response = client.get(url("portal_content:training", language))
    assert response.status_code == 200
    purposes = set(
        ContentPage.objects.filter(organisation=organisation).values_list("purpose", flat=True)
    )
    assert purposes == {"training", "help", "privacy", "imprint"}
    client.get(url("portal_content:training", language))  # a second visit creates nothing
    assert ContentPage.objects.filter(organisation=organisation).count() == 4


def test_page_text_is_escaped_and_sanitised_on_the_portal(client, organisation):
    page_with(
        organisation,
        slug="boese",
        purpose="custom",
        de=(
            "<script>alert('titel')</script>",
            '<img src=x onerror=alert(1)> [a](javascript:alert(2)) <a hx-get="/staff/">h</a>',
        ),
    )
    body = client.get(url("portal_content:page", "de", "boese")).content.decode()
    assert "<script>alert('titel')</script>" not in body
    assert "&lt;script&gt;" in body
    assert "<img src=x" not in body and 'href="javascript:' not in body
    assert '<a hx-get="/staff/"' not in body


def test_content_defaults_creates_the_four_german_pages_once(client, organisation):
    created = content_defaults(organisation)
    assert sorted(page.purpose for page in created) == ["help", "imprint", "privacy", "training"]
    assert content_defaults(organisation) == []
    assert ContentPage.objects.filter(organisation=organisation).count() == 4
    training = client.get(url("portal_content:training", "de")).content.decode()
    assert "duale" in training.lower() and "kostenlos" in training
    # the footer links to the published privacy and imprint pages
    assert url("portal_content:page", "de", "datenschutz") in training
    assert url("portal_content:page", "de", "impressum") in training
    assert url("portal_content:offices", "de") in training
    assert AuditEntry.objects.filter(action=audit_actions.PAGE_CREATED).count() == 4


def test_version_page_shows_the_rendered_text_and_the_escaped_source(
    client, team_lead, organisation
):
    page = page_with(organisation, de=("Titel", "Text."))
    draft = ContentVersion.objects.create(
        page=page,
        language="de",
        title="Entwurf",
        body_markdown='## Teil\n\n<script>alert(1)</script> <a href="x" onclick="y">z</a>',
    )
    client.force_login(team_lead)
    body = client.get(reverse("portal_content_staff:version", args=[draft.pk])).content.decode()
    assert "<h2>Teil</h2>" in body
    assert "<script>alert(1)</script>" not in body
    assert not any("onclick" in attrs for _tag, attrs in tags_of(body))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body  # the source, escaped
    listing = client.get(reverse("portal_content_staff:list")).content.decode()
    assert page.slug in listing and "badge-warn" in listing  # the newest German text is a draft
