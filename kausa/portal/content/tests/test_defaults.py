"""The default German pages: the management command and the demo set create them once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kausa.portal.content.models import ContentPage, VersionStatus

pytestmark = pytest.mark.django_db


def test_the_command_creates_the_pages_of_the_portal_organisation_once(organisation):
    out = StringIO()
    call_command("content_defaults", stdout=out)
    assert "4 page(s) created" in out.getvalue()
    pages = ContentPage.objects.filter(organisation=organisation)
    assert sorted(pages.values_list("slug", flat=True)) == [
        "ausbildung",
        "datenschutz",
        "hilfe",
        "impressum",
    ]
    for page in pages:
        version = page.versions.get()
        assert version.language == "de" and version.status == VersionStatus.PUBLISHED
        assert version.created_by is None and len(version.body_markdown) > 100
    call_command("content_defaults", stdout=out)
    assert "0 page(s) created" in out.getvalue()
    assert pages.count() == 4


def test_the_command_needs_an_organisation_when_there_are_several(organisation, outsider):
    with pytest.raises(CommandError):
        call_command("content_defaults", stdout=StringIO())
    call_command(
        "content_defaults", "--organisation", str(outsider.organisation_pk), stdout=StringIO()
    )
    assert ContentPage.objects.filter(organisation_id=outsider.organisation_pk).count() == 4
    assert not ContentPage.objects.filter(organisation=organisation).exists()


def test_the_demo_set_has_the_default_pages():
    from kausa.demo.small import load_small

    load_small()
    assert ContentPage.objects.filter(purpose="training", slug="ausbildung").count() == 1
    assert ContentPage.objects.count() == 4
