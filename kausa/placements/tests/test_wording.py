"""Words on the placement pages: no gettext collisions, readable distances, dates not US."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from kausa.placements.adapter import distance_label

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "placements"


def test_same_postal_code_reads_in_town_and_a_short_way_less_than_a_km():
    assert distance_label(0.0, "39104", "39104") == gettext("in town")
    assert distance_label(0.0, "39104", "39106") == "< 1 km"
    assert distance_label(0.94, "39104", "39106") == "< 1 km"
    with translation.override("de"):
        assert distance_label(12.34, "39104", "06108") == "12,3 km"
    with translation.override("en"):
        assert distance_label(12.34, "39104", "06108") == "12.3 km"


def test_place_and_state_carry_a_context_on_the_placement_pages():
    # "Place" alone is the location ("Ort"); a run's "State" is not a federal state.
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text()
        assert '{% translate "Place" %}' not in text, template.name
        assert '{% translate "State" %}' not in text, template.name
    assert 'context "apprenticeship place"' in (TEMPLATES / "proposal_list.html").read_text()
    assert 'context "matching run"' in (TEMPLATES / "run_list.html").read_text()


def test_english_dates_put_the_day_first():
    day = datetime.date(2026, 12, 7)
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "07/12/2026"
        assert date_format(day) == "7 Dec 2026"
    with translation.override("de"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "07.12.2026"
