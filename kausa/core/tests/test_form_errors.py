"""Forms people can finish: error summary on top, groups as fieldsets, no colons, no dashes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from kausa.core.form_rendering import EMPTY_CHOICE_LABEL
from kausa.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refer_url(office_a, counsellor_a):
    from kausa.counselling.services.cases import case_open_for_person

    person = PersonFactory(office=office_a)
    case = case_open_for_person(actor=counsellor_a, person=person, opened_on=timezone.localdate())
    return reverse("counselling:refer", args=[case.pk])


def test_a_failed_submit_shows_a_summary_at_the_top_linking_to_each_field(
    client, counsellor_a, refer_url
):
    client.force_login(counsellor_a)
    page = client.post(refer_url, {"shared_fields": ["name"]}).content.decode()
    post_form = page[page.index('<form method="post" class="form"') :]
    summary = re.search(r'<div class="error-summary" role="alert" tabindex="-1"[^>]*>', post_form)
    assert summary and "autofocus" in summary.group(0)
    # The summary comes before the first field of the form.
    assert post_form.index("error-summary") < post_form.index('name="topic"')
    assert gettext("Error:") + " " in page[page.index("<title>") : page.index("</title>")]
    assert 'href="#id_topic"' in post_form and 'id="id_topic"' in post_form
    assert 'href="#id_partner_0"' in post_form  # a radio group links to its first button


def test_the_title_has_no_error_prefix_without_errors(client, counsellor_a, refer_url):
    client.force_login(counsellor_a)
    page = client.get(refer_url).content.decode()
    assert "error-summary" not in page
    assert gettext("Error:") not in page[page.index("<title>") : page.index("</title>")]


def test_groups_are_fieldsets_labels_have_no_colon_and_no_dashes(client, counsellor_a, refer_url):
    client.force_login(counsellor_a)
    page = client.get(refer_url).content.decode()
    shared_label = gettext("Data passed on to the partner")
    assert re.search(r"<fieldset[^>]*>\s*<legend>" + re.escape(shared_label) + "</legend>", page)
    assert f'<label for="id_message">{gettext("Message to the partner")}</label>' in page
    assert not re.search(r"<label[^>]*>[^<]*:</label>", page)
    assert "---------" not in page
    assert f'<option value="" selected>{EMPTY_CHOICE_LABEL}</option>' in page
