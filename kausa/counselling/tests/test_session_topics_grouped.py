"""Session topics are grouped: one fieldset with a legend per group, office topics last."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from kausa.counselling.models import CounsellingSession
from kausa.partners.models import Topic

pytestmark = pytest.mark.django_db


def test_the_session_form_shows_topics_in_fieldsets_with_legends(client, counsellor_a, case):
    Topic.objects.create(code="ehrenamt", name="Ehrenamt")
    client.force_login(counsellor_a)
    html = client.get(reverse("counselling:case", args=[case.pk])).content.decode()
    groups = re.findall(
        r'<fieldset class="choice-group"><legend>(.*?)</legend>(.*?)</fieldset>', html, re.S
    )
    assert len(groups) == 5, [legend for legend, _ in groups]
    names = {
        legend: re.findall(r"</?input[^>]*>\s*([^<]+)</label>", body) for legend, body in groups
    }
    boxes = sum(len(found) for found in names.values())
    assert boxes == Topic.objects.count()  # every topic once
    last_body = groups[-1][1]
    assert "Ehrenamt" in last_body
    assert any("Aufenthalt und Arbeitserlaubnis" in body for _, body in groups[:-1])
    # numbered straight through: the error summary links to id_topics_0
    ids = re.findall(r'<input type="checkbox" name="topics"[^>]*id="(id_topics_\d+)"', html)
    assert ids == [f"id_topics_{number}" for number in range(boxes)]
    assert all(f'for="{box}"' in html for box in ids)


def test_a_grouped_topic_is_saved_with_the_session(client, counsellor_a, case):
    topic = Topic.objects.get(code="recognition")
    client.force_login(counsellor_a)
    response = client.post(
        reverse("counselling:session_create", args=[case.pk]),
        {
            "held_on": case.opened_on.isoformat(),
            "duration_minutes": "30",
            "channel": "in_person",
            "language": "de",
            "topics": [str(topic.pk)],
        },
    )
    assert response.status_code == 302
    session = CounsellingSession.objects.get(case=case)
    assert list(session.topics.values_list("code", flat=True)) == ["recognition"]
